import type { v1 } from "@mesos-ts/proto";
import type { FiltersLike } from "../calls/filters.js";
import type { SchedulerEvent } from "../events/scheduler-event.js";

/** What OfferBook needs of the client. */
export interface Decliner {
  decline(params: { offerIds: string[]; filters?: FiltersLike }): Promise<void>;
}

/**
 * Offer lifecycle: remembers outstanding offers, forgets rescinded ones and everything from an
 * older subscription, and declines what the framework did not use (with filters).
 *
 *   const book = new OfferBook(client, { refuseSeconds: 30 });
 *   for await (const e of client.events()) { book.observe(e); if (e.type === "OFFERS") { …use book.take(id)…; await book.declineOutstanding(); } }
 */
export class OfferBook {
  readonly #offers = new Map<string, v1.Offer>();
  #generation = 0;

  constructor(
    private readonly client: Decliner,
    private readonly options: { refuseSeconds?: number } = {},
  ) {}

  /** Feed every event: OFFERS add, RESCIND forgets, a new subscription clears. */
  observe(event: SchedulerEvent): void {
    if (event.generation !== this.#generation) {
      this.#offers.clear();
      this.#generation = event.generation;
    }
    if (event.type === "OFFERS") {
      for (const offer of event.offers) if (offer.id?.value) this.#offers.set(offer.id.value, offer);
    } else if (event.type === "RESCIND") {
      if (event.offerId.value) this.#offers.delete(event.offerId.value);
    }
  }

  /** Outstanding offers. */
  get offers(): v1.Offer[] {
    return [...this.#offers.values()];
  }

  has(offerId: string): boolean {
    return this.#offers.has(offerId);
  }

  /** Marks an offer used (about to be accepted); returns it, or undefined if rescinded/unknown. */
  take(offerId: string): v1.Offer | undefined {
    const offer = this.#offers.get(offerId);
    this.#offers.delete(offerId);
    return offer;
  }

  /** Declines every outstanding offer (one DECLINE call) with `refuseSeconds` (default 5 s on the master). */
  async declineOutstanding(
    refuseSeconds: number | undefined = this.options.refuseSeconds,
  ): Promise<string[]> {
    const ids = [...this.#offers.keys()];
    this.#offers.clear();
    if (ids.length === 0) return ids;
    await this.client.decline({
      offerIds: ids,
      ...(refuseSeconds !== undefined ? { filters: refuseSeconds } : {}),
    });
    return ids;
  }
}
