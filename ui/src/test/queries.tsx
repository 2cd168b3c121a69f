/** The query cache in component tests: a fresh client per test, wired like the app's. */
import type { QueryClient } from "@tanstack/react-query";
import { render, type RenderOptions } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";
import { QueryProvider, createQueryClient } from "../lib/queries";

const clients: QueryClient[] = [];

/** A query client with the app's defaults, cleared after the test (see setup.ts). */
export function testQueryClient(): QueryClient {
  const client = createQueryClient();
  clients.push(client);
  return client;
}

/** Empties the clients of the test that ended (their caches and timers). */
export function clearQueryClients(): void {
  for (const client of clients.splice(0)) client.clear();
}

/** Renders `ui` inside the app's `QueryProvider` (RunEvents invalidate its cache). */
export function renderWithQueries(
  ui: ReactElement,
  { client = testQueryClient(), ...options }: { client?: QueryClient } & Omit<RenderOptions, "wrapper"> = {},
) {
  const wrapper = ({ children }: { children: ReactNode }) => <QueryProvider client={client}>{children}</QueryProvider>;
  return { client, ...render(ui, { ...options, wrapper }) };
}
