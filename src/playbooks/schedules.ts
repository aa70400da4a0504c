import { z } from 'zod';
import type { Actor } from '../core/roles.ts';
import type { Orm } from '../db/connect.ts';
import { missedFiringsOf } from '../triggers/missed-firings.ts';
import { ScheduleInputSchema, type ScheduleService, type ScheduleView } from '../triggers/schedules.ts';
import { InstantiateSchema } from './definition.ts';
import type { PlaybookService } from './service.ts';

export const PlaybookScheduleSchema = ScheduleInputSchema.pick({
  name: true,
  cron: true,
  timezone: true,
}).extend({
  params: InstantiateSchema.shape.params,
  context: InstantiateSchema.shape.context,
  /** Pins a version; default the latest. */
  version: z.int().min(1).optional(),
});
export type PlaybookScheduleInput = z.output<typeof PlaybookScheduleSchema>;

/**
 * A playbook on a cron, as a schedule of the triggers module: the playbook is instantiated once, when the
 * schedule is made (parameters refused then, not at 3 a.m.), and that instance — pinned to its version,
 * with its provenance — is submitted through policy at each firing. Missed firings are listed with it.
 */
export class PlaybookSchedules {
  readonly #orm: Orm;
  readonly #playbooks: Pick<PlaybookService, 'render' | 'get'>;
  readonly #schedules: Pick<ScheduleService, 'create' | 'list'>;

  constructor(deps: {
    orm: Orm;
    playbooks: Pick<PlaybookService, 'render' | 'get'>;
    schedules: Pick<ScheduleService, 'create' | 'list'>;
  }) {
    this.#orm = deps.orm;
    this.#playbooks = deps.playbooks;
    this.#schedules = deps.schedules;
  }

  async create(actor: Actor, playbook: string, input: PlaybookScheduleInput) {
    const { name, cron, timezone, ...request } = input;
    const plan = await this.#playbooks.render(actor, playbook, { ...request, trigger: 'scheduled' });
    return this.#withMissed([await this.#schedules.create(actor, { name, cron, timezone, plan })]).then(
      ([view]) => view!,
    );
  }

  async list(actor: Actor, playbook: string) {
    await this.#playbooks.get(actor, playbook);
    const all = await this.#schedules.list(actor);
    return this.#withMissed(
      all.filter((s) => (s.plan as { playbook?: { name?: string } }).playbook?.name === playbook),
    );
  }

  async #withMissed(views: ScheduleView[]) {
    const missed = await missedFiringsOf(
      this.#orm,
      views.map((v) => v.id),
    );
    return views.map((view) => ({ ...view, missed_firings: missed.get(view.id) ?? [] }));
  }
}
