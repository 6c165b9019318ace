import { withTransaction, type Ctx } from '../../db/context.ts';
import { notFound } from '../../platform/errors.ts';
import { normalizeEventId } from './normalize-event.ts';
import { selectEvent } from './repository.ts';

/** One event by its Sentry id (with or without dashes). */
export async function getEvent({ ctx, input }: { ctx: Ctx; input: { eventId: string } }) {
  const id = normalizeEventId(input.eventId);
  if (!id) throw notFound('Event');
  const event = await withTransaction(ctx, (tx) => selectEvent(tx, id));
  if (!event) throw notFound('Event');
  return event;
}
