import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { browserTimeZone } from '../lib/format.ts';

const TimeZoneContext = createContext<string | null>(null);

export interface TimeZoneProviderProps {
  /** IANA name such as `Europe/Berlin` or `UTC`; undefined = the browser's zone. */
  timeZone?: string;
  children: ReactNode;
}

/** The zone every time shown below it uses (user preference, or UTC for shared screens). */
export function TimeZoneProvider({ timeZone, children }: TimeZoneProviderProps) {
  return (
    <TimeZoneContext.Provider value={timeZone ?? browserTimeZone()}>
      {children}
    </TimeZoneContext.Provider>
  );
}

/** `override` (a component's `timeZone` prop) wins over the provider, then the browser's zone. */
export function useTimeZone(override?: string): string {
  const fromContext = useContext(TimeZoneContext);
  return override ?? fromContext ?? browserTimeZone();
}
