// What the test servers log of a client→server frame: the top-level `method`
// text, `session` UUID (lower case, from tag 37 or text) and integer `id`,
// each null when absent or of another type. Never `params`, which may hold
// passwords and tokens, so a log can be printed or checked for secrets.

import { CborError, rawInteger, rawText, rawUuid, splitMap } from './cbor-split.mjs';

/** `{method, session, id}` of one client frame (a Buffer). */
export function frameFields(frame) {
  let fields = null;
  try {
    fields = splitMap(frame);
  } catch (err) {
    if (!(err instanceof CborError)) throw err;
  }
  const field = (key, read) => (fields?.has(key) ? read(fields.get(key)) : null);
  return {
    method: field('method', rawText),
    session: field('session', (raw) => rawUuid(raw, { allowText: true })),
    id: field('id', rawInteger),
  };
}
