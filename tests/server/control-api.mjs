// The HTTP control API shared by the test servers that a test steers from
// outside (fault-proxy.mjs, cluster.mjs): JSON answers, a route table keyed by
// "METHOD /path" whose `:name` segments match any one segment, and the error
// statuses the READMEs promise (bad parameter 400, unknown path 404, wrong
// method 405, a route's own HttpError status, anything else 500).

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function sendJson(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(`${JSON.stringify(body)}\n`);
}

/** A non-negative integer query parameter. */
export function countParam(query, name) {
  const text = query.get(name);
  if (!/^\d+$/.test(text ?? '')) throw new HttpError(400, `${name} must be a non-negative integer`);
  return Number(text);
}

/** The request's URL, or null when its target does not parse. */
export function urlOf(req) {
  try {
    return new URL(req.url, 'http://localhost');
  } catch {
    return null;
  }
}

/** A path segment, percent-decoded; a bad escape is the client's fault (400). */
function decodeSegment(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HttpError(400, `bad path segment: ${text}`);
  }
}

/** The `:name` captures of `pattern` (a path) in `path`, or null when it does not match. */
function match(pattern, path) {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params = {};
  for (let i = 0; i < want.length; i += 1) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeSegment(have[i]);
    else if (want[i] !== have[i]) return null;
  }
  return params;
}

/**
 * Answers one control call: `url` is the request's URL, whose path starts with
 * `base` (e.g. `/control`); `routes` maps "METHOD /path" (below the base) to
 * `(query, params) => body` (a promise or a value), sent as JSON with 200.
 */
export async function answerControl(req, res, url, base, routes) {
  const path = url.pathname.slice(base.length);
  try {
    let known = false;
    for (const [key, handler] of Object.entries(routes)) {
      const [method, pattern] = key.split(' ');
      const params = match(pattern, path);
      if (!params) continue;
      known = true;
      if (method === req.method) return sendJson(res, 200, await handler(url.searchParams, params));
    }
    throw new HttpError(known ? 405 : 404, `no ${req.method} ${url.pathname}`);
  } catch (err) {
    return sendJson(res, err.status ?? 500, { error: err.message });
  }
}
