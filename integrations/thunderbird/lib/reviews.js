// The pending reviews: a review page is opened for a message that has findings, and the onBeforeSend
// listener waits until the person chooses "Fix the draft" or "Send anyway" (or closes the window, which
// counts as "Fix the draft": nothing is sent that the person did not choose to send).
//
// Plain ES module with no browser globals; background.js connects it to windows and runtime messages.

export const CHOICES = Object.freeze(["fix", "send", "apply"]);

export class ReviewBroker {
  constructor({ newId } = {}) {
    let counter = 0;
    this.newId = newId ?? (() => `r${Date.now().toString(36)}-${(counter += 1)}`);
    this.reviews = new Map(); // id -> {payload, resolve, windowId}
  }

  /** Register a review; returns its id and a promise of the person's choice ("fix" or "send"). */
  open(payload) {
    const id = this.newId();
    let resolve;
    const choice = new Promise((r) => {
      resolve = r;
    });
    this.reviews.set(id, { payload, resolve, windowId: null });
    return { id, choice };
  }

  /** Remember which window shows the review, so closing that window settles it. */
  attachWindow(id, windowId) {
    const review = this.reviews.get(id);
    if (review) {
      review.windowId = windowId;
    }
  }

  /** What the review page shows, or null for an unknown or settled review. */
  payload(id) {
    return this.reviews.get(id)?.payload ?? null;
  }

  /** Settle a review with the person's choice; false when there is no such open review. */
  settle(id, choice) {
    const review = this.reviews.get(id);
    if (!review) {
      return false;
    }
    this.reviews.delete(id);
    review.resolve(CHOICES.includes(choice) ? choice : "fix");
    return true;
  }

  /** A review window was closed: its review (if still open) is settled as "fix". */
  windowClosed(windowId) {
    for (const [id, review] of this.reviews) {
      if (review.windowId === windowId) {
        this.settle(id, "fix");
      }
    }
  }

  /** The review window could not be opened: forget the review without settling it. */
  discard(id) {
    this.reviews.delete(id);
  }

  get size() {
    return this.reviews.size;
  }
}
