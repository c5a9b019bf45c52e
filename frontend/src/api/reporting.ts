/**
 * The side-effecting half of the error policy: shows the message and sends the user where they must go.
 * The app registers how to toast and navigate once at start; TanStack Query's caches call `reportError`.
 */
import { describeError, type ErrorFallbackKey, type ErrorNextStep } from './errors';

export interface ErrorHandlers {
  translate: (key: ErrorFallbackKey) => string;
  notify: (message: string) => void;
  goTo: (next: Exclude<ErrorNextStep, null>) => void;
}

let handlers: ErrorHandlers | null = null;

export function registerErrorHandlers(next: ErrorHandlers): void {
  handlers = next;
}

export interface ReportOptions {
  /** The page shows the message itself (for example next to the login form). */
  inline?: boolean;
}

export function reportError(error: unknown, options: ReportOptions = {}): void {
  if (!handlers) {
    console.error(error);
    return;
  }
  const view = describeError(error, handlers.translate);
  if (!view.silent && !options.inline) handlers.notify(view.message);
  if (view.next) handlers.goTo(view.next);
}
