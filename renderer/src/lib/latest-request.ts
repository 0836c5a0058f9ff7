/**
 * For requests whose answers replace what is shown (a reordered list's saved order): only the
 * answer to the newest request may be shown. An older answer arriving later would put back a state
 * the user has already moved past, and the next request, worked out from that, would undo a step.
 */
export class LatestRequest {
  #last = 0;

  /** Starts a request; the returned check says whether it is still the newest when its answer comes. */
  begin(): () => boolean {
    const mine = ++this.#last;
    return () => mine === this.#last;
  }
}
