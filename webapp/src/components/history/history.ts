// A task's event log as the server sends it, and how a line of it reads.

export interface TaskEvent {
  id: number;
  task: number;
  event: string;
  from_state: string | null;
  to_state: string;
  comment: string;
  actor: { id: number; email: string; initials: string } | null;
  created_at: string;
}

export interface TaskHistory {
  task: { id: number; state: string; version: number };
  workflow: string;
  events: TaskEvent[];
  replayed_state: string;
  consistent: boolean;
  breaks: string[];
}

/** A state's name as people read it: `in_review` becomes `in review`. */
export function stateLabel(state: string | null | undefined): string {
  return (state || 'none').replace(/_/g, ' ');
}

/** Who did it: the actor's e-mail, or the server itself for the system's events. */
export function actorLabel(event: TaskEvent): string {
  return event.actor ? event.actor.email : 'the server';
}

/** `2026-12-04T16:55:22.6Z` as a short local date and time. */
export function whenLabel(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}
