import { useEffect, useState } from 'react';
import type { Timer } from './api.ts';

/** Seconds as h:mm:ss: clockText(3725) === '1:02:05'. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The seconds a timer shows now: what the server counted when it answered (`readAt`, the query's
 * time), plus, while it runs, the time since on this clock; ticks every second while running.
 * The server's count is the truth (R79); this only moves the display between reads.
 */
export function useTimerSeconds(timer: Timer | null | undefined, readAt: number): number {
  const [now, setNow] = useState(() => Date.now());
  const running = timer?.state === 'running';
  useEffect(() => {
    if (!running) return undefined;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [running]);
  if (!timer) return 0;
  return timer.elapsedSeconds + (running ? Math.max(0, (now - readAt) / 1000) : 0);
}
