/** A small padlock for read-only time (decorative: the reason is always written next to it). */
export function LockIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="mr-1 inline-block h-3.5 w-3.5 -translate-y-px fill-current">
      <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm-2 3.5a2 2 0 1 1 4 0V7H6V4.5Z" />
    </svg>
  );
}
