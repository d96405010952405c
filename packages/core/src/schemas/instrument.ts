import { payloadReader } from '../payload.ts';
import { Instrument } from '../types.ts';

/** Envelope type of the registry changes on `ref.instrument.<symbol>`; the data is the Instrument as registered. */
export const INSTRUMENT_UPSERT = 'instrument.upsert';

/** Reads the instruments the symbols service announces as they are registered. */
export const instrumentPayload = payloadReader(INSTRUMENT_UPSERT, Instrument);
