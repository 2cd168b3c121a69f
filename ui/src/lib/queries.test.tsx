import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { commands } from "../bindings";
import { deploymentDto } from "../test/fixtures";
import { fail, mockCommands } from "../test/ipc";
import { renderWithQueries } from "../test/queries";
import { call } from "./command";
import { useCommandQuery } from "./queries";
import { queryKeys } from "./queryKeys";

function Deployments() {
  const state = useCommandQuery(queryKeys.deployments.list(), () => call(commands.listDeployments()));
  return (
    <>
      <p data-testid="state">
        {state.kind} {state.data ? state.data.map((d) => d.name).join(",") : "-"}{" "}
        {state.kind === "error" ? `${state.error.code}: ${state.error.message}` : ""}
      </p>
      <button type="button" onClick={() => void state.reload()}>
        Reload
      </button>
    </>
  );
}

describe("useCommandQuery", () => {
  it("is loading, then ready; a failed reload keeps the data and reports the AppError", async () => {
    let broken = false;
    mockCommands({
      list_deployments: () => {
        if (broken) throw fail("database", "database is locked");
        return [deploymentDto()];
      },
    });
    renderWithQueries(<Deployments />);
    expect(screen.getByTestId("state")).toHaveTextContent("loading -");
    await waitFor(() => expect(screen.getByTestId("state")).toHaveTextContent("ready morning hunt"));

    broken = true;
    await userEvent.click(screen.getByRole("button", { name: "Reload" }));
    await waitFor(() =>
      expect(screen.getByTestId("state")).toHaveTextContent("error morning hunt database: database is locked"),
    );
  });

  it("shares one read between the components that show it", async () => {
    const calls = mockCommands({ list_deployments: () => [deploymentDto()] });
    renderWithQueries(
      <>
        <Deployments />
        <Deployments />
      </>,
    );
    await waitFor(() => expect(screen.getAllByTestId("state")[1]).toHaveTextContent("ready morning hunt"));
    expect(calls.filter((c) => c.cmd === "list_deployments")).toHaveLength(1);
  });
});
