/** Live updates: subscribes a screen to the app's typed `RunEvent`s for as long as it is shown. */
import { useEffect, useEffectEvent, useLayoutEffect, useRef } from "react";
import { events, type RunEvent } from "../bindings";

/** One typed app event, as the generated bindings expose it (`events.runEvent`, ...). */
type AppEvent<T> = { listen: (cb: (event: { payload: T }) => void) => Promise<() => void> };

/** Calls `onEvent` with the payload of every `event` for as long as the component is shown. */
export function useAppEvent<T>(event: AppEvent<T>, onEvent: (payload: T) => void): void {
  // Always the latest `onEvent`, without subscribing again when it changes.
  const handle = useEffectEvent((payload: T) => onEvent(payload));
  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    event
      .listen((e) => handle(e.payload))
      .then((unlisten) => {
        if (cancelled) unlisten();
        else stop = unlisten;
      })
      .catch(() => {
        // Outside the app (tests without event mocks): no live updates.
      });
    return () => {
      cancelled = true;
      stop?.();
    };
  // The bindings hand out a new event object on every access: subscribe once, to the first.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- see above: `event` is a fresh proxy
  }, []);
}

export function useRunEvents(onEvent: (event: RunEvent) => void): void {
  useAppEvent(events.runEvent, onEvent);
}

/**
 * Calls `reload` after RunEvents that `relevant` accepts, at most once per `ms` (events can
 * arrive by the hundred during a fan-out; the screen refreshes a few times a second at most).
 */
export function useReloadOnRunEvents(
  relevant: (event: RunEvent) => boolean,
  reload: () => unknown,
  ms = 400,
): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The timer calls the latest `reload` (its query may have changed since the event came).
  const reloadRef = useRef(reload);
  useLayoutEffect(() => {
    reloadRef.current = reload;
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useRunEvents((event) => {
    if (!relevant(event) || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void reloadRef.current();
    }, ms);
  });
}
