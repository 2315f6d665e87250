import type { MemberRole } from "../../db/tenant";
import { approvesEveryone, can } from "~/kernel/permissions";

/**
 * The weekly timesheet's status machine, declared once (docs/decisions/027):
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──reopen (admin)──▶ draft
 *     ▲                 │   │
 *     └───withdraw──────┘   └──reject (with a comment)──▶ rejected ──edit or resubmit──▶ draft
 *
 * The models ask `transition` and `mayMove`; migration 0006's trigger
 * `timesheets_transition` enforces the same table in the database, and
 * timesheet-states.db.test.ts tries every status change as every kind of member to
 * prove the two agree. Change a row here and that test says which SQL to change.
 */
export const timesheetStatuses = ["draft", "submitted", "approved", "rejected"] as const;
export type TimesheetStatus = (typeof timesheetStatuses)[number];

/** What a person chooses on the week or approvals page, in the order pages offer them. */
export const timesheetActions = ["submit", "withdraw", "approve", "reject", "reopen"] as const;
export type TimesheetAction = (typeof timesheetActions)[number];

/** Every way a week's status is moved or checked: the actions, and changing the week's time. */
export type TimesheetMove = TimesheetAction | "edit";

export interface Actor {
  role: MemberRole;
  /** The timesheet is the actor's own. */
  isOwn: boolean;
  /** The actor manages a team the timesheet's person is in. */
  managesPerson: boolean;
}

// The person, or someone who fills in others' weeks (the trigger asks the same, 0018).
const thePersonOrAnAdmin = (actor: Actor) => (actor.isOwn && can(actor.role, "time:log")) || can(actor.role, "time:log-for-others");

// Approvers who see everyone's time decide for anyone (app_approves_everyone());
// managers for the people of teams they manage, never for themselves.
const anApprover = (actor: Actor) =>
  approvesEveryone(actor.role) || (can(actor.role, "timesheet:approve") && actor.managesPerson && !actor.isOwn);

const aReopener = (actor: Actor) => can(actor.role, "timesheet:reopen");

interface MoveRule {
  /**
   * For each status the move starts from, the statuses the row passes through, one
   * update each, the last being where it ends. A sent-back week is resubmitted by
   * editing it back to a draft first, so the trigger sees two plain moves.
   */
  from: Partial<Record<TimesheetStatus, readonly TimesheetStatus[]>>;
  who: (actor: Actor) => boolean;
  /** Refused in a locked week: every way into or back to an editable draft, and submitting. */
  closedByLock: boolean;
  /** Why a week in another status can't take the move. */
  refused: (status: TimesheetStatus) => string;
}

export const timesheetPastTense: Record<TimesheetMove, string> = {
  submit: "submitted",
  withdraw: "withdrawn",
  approve: "approved",
  reject: "sent back",
  reopen: "reopened",
  edit: "changed",
};

const cannotBe = (move: TimesheetMove) => (status: TimesheetStatus) =>
  `This week is ${status} and can't be ${timesheetPastTense[move]}`;

export const timesheetMoves: Record<TimesheetMove, MoveRule> = {
  submit: { from: { draft: ["submitted"], rejected: ["draft", "submitted"] }, who: thePersonOrAnAdmin, closedByLock: true, refused: cannotBe("submit") },
  withdraw: { from: { submitted: ["draft"] }, who: thePersonOrAnAdmin, closedByLock: true, refused: cannotBe("withdraw") },
  approve: { from: { submitted: ["approved"] }, who: anApprover, closedByLock: false, refused: cannotBe("approve") },
  reject: { from: { submitted: ["rejected"] }, who: anApprover, closedByLock: false, refused: cannotBe("reject") },
  reopen: { from: { approved: ["draft"] }, who: aReopener, closedByLock: true, refused: cannotBe("reopen") },
  // Submitted and approved weeks are read-only; a sent-back week is edited as a draft again.
  edit: {
    from: { draft: [], rejected: ["draft"] },
    who: thePersonOrAnAdmin,
    closedByLock: true,
    refused: (status) =>
      status === "submitted" ? "This week is submitted. Withdraw it to make changes." : `This week is ${status} and can't be changed.`,
  },
};

export type TimesheetTransition =
  | { ok: true; to: TimesheetStatus; steps: readonly TimesheetStatus[] }
  | { ok: false; reason: string };

/** Where a week in `status` goes on `move`, and through which statuses; or why it can't. */
export function transition(status: TimesheetStatus, move: TimesheetMove): TimesheetTransition {
  const rule = timesheetMoves[move];
  const steps = rule.from[status];
  if (!steps) return { ok: false, reason: rule.refused(status) };
  return { ok: true, to: steps.at(-1) ?? status, steps };
}

/** Whether the actor may take the move at all, whatever the week's status. */
export function mayMove(move: TimesheetMove, actor: Actor): boolean {
  return timesheetMoves[move].who(actor);
}

/** The actions a week in `status` offers this actor. */
export function allowedActions(status: TimesheetStatus, actor: Actor): TimesheetAction[] {
  return timesheetActions.filter((action) => transition(status, action).ok && mayMove(action, actor));
}
