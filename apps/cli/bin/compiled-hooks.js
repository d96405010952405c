// Module resolution hook for the built `bourse`: resolve packages through their "@bourse/compiled"
// export condition, which points each @bourse/* package at its compiled dist/ instead of src/.
export async function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: ['@bourse/compiled', ...context.conditions] });
}
