/** A JSON answer of a fake server at the edge (fetch), for screens rendered in unit tests. */
export const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
