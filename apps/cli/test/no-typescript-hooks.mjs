// Resolve hook for the compiled-build test: any TypeScript source of Bourse that the process tries
// to load is an error, so the test proves the built `bourse` runs only compiled JavaScript.
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.startsWith('file:') && /\.[cm]?ts$/.test(resolved.url) && !resolved.url.includes('/node_modules/'))
    throw new Error(`the built bourse loaded a TypeScript source: ${resolved.url}`);
  return resolved;
}
