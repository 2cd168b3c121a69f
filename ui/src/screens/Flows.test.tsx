import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { FlowInfo } from "../bindings";
import { parseRoute, useRoute } from "../lib/router";
import Flows from "./Flows";
import { fail, mockCommands, type Handler } from "../test/ipc";
import { flowDto } from "../test/fixtures";
import { renderWithQueries as render } from "../test/queries";

const FLOWS: FlowInfo[] = [
  flowDto("daily_job_hunt", { description: "Scrape, match, tailor CVs", retries: 1, timeout_secs: 3600, tags: ["production", "scheduled"] }),
  flowDto("smart_job_application", { description: "One job, end to end" }),
];

function mockFlows(onStart: Handler<"start_flow"> = () => "run-42") {
  return mockCommands({ list_flows: () => FLOWS, start_flow: onStart });
}

function Routed() {
  return <Flows route={useRoute()} />;
}

afterEach(() => {
  window.location.hash = "";
});

describe("Flows", () => {
  it("lists the flows as cards that open the form", async () => {
    mockFlows();
    window.location.hash = "#/flows";
    render(<Routed />);
    const card = await screen.findByTestId("flow-daily_job_hunt");
    expect(card).toHaveTextContent("Scrape, match, tailor CVs");
    expect(card).toHaveTextContent("Tries again once · Time limit 1 hour · Tags: production, scheduled");
    expect(screen.getByTestId("flow-smart_job_application")).toHaveTextContent("Does not try again · No time limit");

    expect(within(card).getByRole("heading", { name: "Daily job hunt" })).toBeInTheDocument();
    expect(card).not.toHaveTextContent("daily_job_hunt");

    await userEvent.click(within(card).getByRole("button", { name: "Run Daily job hunt" }));
    expect(window.location.hash).toBe("#/flows/daily_job_hunt");
    expect(await screen.findByRole("heading", { name: "Run Daily job hunt" })).toBeInTheDocument();
  });

  it("prefills defaults, validates inline naming the field, and starts the run", async () => {
    const calls = mockFlows();
    window.location.hash = "#/flows/daily_job_hunt";
    render(<Routed />);

    // Labels are the schema's titles, help its descriptions; raw names are never shown.
    const limit = await screen.findByLabelText("Most jobs per site");
    expect(limit).toHaveAttribute("id", "param-limit");
    expect(limit).toHaveValue("50");
    expect(screen.getByText("Most postings per job site and search term.")).toBeInTheDocument();
    expect(screen.getByLabelText("Apply automatically")).not.toBeChecked();
    for (const raw of ["match_threshold", "auto_apply", "max_cvs", "profile_id", "fallbacks"]) {
      expect(screen.queryByText(raw)).toBeNull();
    }
    // A 0..1 threshold is edited as 0-100 %.
    const threshold = screen.getByLabelText("Strong match from (percent)");
    expect(threshold).toHaveValue("80");

    await userEvent.clear(threshold);
    await userEvent.type(threshold, "high");
    expect(screen.getByText("Strong match from: must be a percentage from 0 to 100")).toBeInTheDocument();
    expect(threshold).toHaveAttribute("aria-invalid", "true");

    await userEvent.clear(limit);
    await userEvent.type(limit, "ten");
    expect(screen.getByText("Most jobs per site: must be a whole number of at least 0")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Start run" }));
    expect(calls.some((c) => c.cmd === "start_flow")).toBe(false);
    expect(screen.getByText(/Fix the 2 fields/)).toBeInTheDocument();
    expect(document.activeElement).toBe(limit);

    await userEvent.clear(limit);
    await userEvent.type(limit, "20");
    await userEvent.clear(threshold);
    await userEvent.type(threshold, "85");
    await userEvent.type(screen.getByLabelText("Search terms"), "rust{enter}typescript");
    await userEvent.type(screen.getByLabelText("Job sites"), "remoteok");
    await userEvent.click(screen.getByLabelText("Apply automatically"));
    // Backup sites: rows of inputs, no JSON.
    await userEvent.click(screen.getByRole("button", { name: "Add backup sites" }));
    await userEvent.type(screen.getByLabelText("Backup sites 1: for"), "remotive");
    await userEvent.type(screen.getByLabelText("Backup sites 1: use instead"), "remoteok");
    await userEvent.click(screen.getByRole("button", { name: "Start run" }));

    const start = calls.find((c) => c.cmd === "start_flow");
    expect(start?.args.name).toBe("daily_job_hunt");
    expect(JSON.parse(String(start?.args.paramsJson))).toEqual({
      auto_apply: true,
      fallbacks: { remotive: "remoteok" },
      keywords: ["rust", "typescript"],
      limit: 20,
      match_threshold: 0.85,
      max_cvs: 10,
      profile_id: null,
      sources: ["remoteok"],
    });
    expect(window.location.hash).toBe("#/runs/run-42");
  });

  it("says which required field is missing", async () => {
    const calls = mockFlows();
    render(<Flows route={parseRoute("#/flows/smart_job_application")} />);
    await userEvent.click(await screen.findByRole("button", { name: "Start run" }));
    expect(screen.getByText("Job: is required")).toBeInTheDocument();
    expect(screen.getByLabelText("Apply from (percent)")).toHaveValue("90");
    expect(calls.some((c) => c.cmd === "start_flow")).toBe(false);
  });

  it("shows the server's error and stays on the form", async () => {
    mockFlows(() => {
      throw fail("invalid_input", "match_threshold: must be between 0 and 1, got 3");
    });
    window.location.hash = "#/flows/daily_job_hunt";
    render(<Routed />);
    await userEvent.click(await screen.findByRole("button", { name: "Start run" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not start the run.");
    expect(alert).toHaveTextContent("match_threshold: must be between 0 and 1, got 3");
    expect(alert).toHaveTextContent("invalid_input");
    expect(window.location.hash).toBe("#/flows/daily_job_hunt");
  });

  it("edits and sends raw JSON", async () => {
    const calls = mockFlows();
    render(<Flows route={parseRoute("#/flows/daily_job_hunt")} />);
    await userEvent.click(await screen.findByRole("button", { name: "Advanced (JSON)" }));
    const raw = screen.getByLabelText("Settings of “Daily job hunt” as a JSON object") as HTMLTextAreaElement;
    // JSON keeps 0..1.
    expect(JSON.parse(raw.value)).toMatchObject({ limit: 50, keywords: [], match_threshold: 0.8 });

    await userEvent.clear(raw);
    await userEvent.type(raw, "[[1]"); // "[[" types one "["
    await userEvent.click(screen.getByRole("button", { name: "Start run" }));
    expect(screen.getByText("Advanced (JSON): must be a JSON object")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "start_flow")).toBe(false);

    await userEvent.clear(raw);
    await userEvent.type(raw, '{{"limit": 7, "keywords": [["go"]}');
    // Back to the form: the raw values fill it.
    await userEvent.click(screen.getByRole("button", { name: "Advanced (JSON)" }));
    expect(screen.getByLabelText("Most jobs per site")).toHaveValue("7");
    expect(screen.getByLabelText("Search terms")).toHaveValue("go");

    await userEvent.click(screen.getByRole("button", { name: "Advanced (JSON)" }));
    await userEvent.click(screen.getByRole("button", { name: "Start run" }));
    const start = calls.find((c) => c.cmd === "start_flow");
    expect(JSON.parse(String(start?.args.paramsJson))).toMatchObject({ limit: 7, keywords: ["go"] });
  });

  it("shows an unknown flow and a load error", async () => {
    mockFlows();
    render(<Flows route={parseRoute("#/flows/nope")} />);
    expect(await screen.findByText(/There is no flow named/)).toHaveTextContent("nope");
  });

  it("shows the list_flows error", async () => {
    mockCommands({
      list_flows: () => {
        throw fail("database", "database is locked");
      },
    });
    render(<Flows route={parseRoute("#/flows")} />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not load flows. database is locked");
  });
});
