import { createEvent, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ApplicationSend, Stage } from "../bindings";
import { parseRoute } from "../lib/router";
import Applications from "./Applications";
import { fail, mockCommands, type Handler } from "../test/ipc";
import { renderWithQueries } from "../test/queries";
import { applicationView } from "../test/fixtures";

const app = applicationView;

const APPS = [
  app({ id: "a1", job_id: "j1", job_title: "Rust engineer", company: "Ferris GmbH" }),
  app({
    id: "a2",
    job_id: "j2",
    job_title: "Backend developer",
    company: "Crab Inc",
    stage: "applied",
    channel: "email",
    history: [
      { from_stage: null, to_stage: "ready", at: "2026-11-20T09:00:00Z", note: null },
      { from_stage: "ready", to_stage: "applied", at: "2026-11-21T09:00:00Z", note: "sent by email" },
    ],
  }),
];

function mock(onMove: Handler<"move_application"> = (args) => ({ ...APPS[0], stage: args.stage as Stage })) {
  return mockCommands({ list_applications: () => APPS, move_application: onMove, list_sends_to_check: () => [] });
}

function dataTransfer() {
  const store = new Map<string, string>();
  return {
    setData: (type: string, value: string) => store.set(type, value),
    getData: (type: string) => store.get(type) ?? "",
    dropEffect: "none",
    effectAllowed: "all",
    types: [] as string[],
  };
}

function drag(card: HTMLElement, column: HTMLElement) {
  const dt = dataTransfer();
  fireEvent.dragStart(card, { dataTransfer: dt });
  fireEvent.dragOver(column, { dataTransfer: dt });
  // fireEvent.drop's init does not always attach dataTransfer in jsdom: set it on the event.
  const drop = createEvent.drop(column);
  Object.defineProperty(drop, "dataTransfer", { value: dt });
  fireEvent(column, drop);
}

const route = parseRoute("#/applications");

describe("Applications board", () => {
  it("renders one column per stage with the cards in theirs", async () => {
    const calls = mock();
    renderWithQueries(<Applications route={route} />);
    const card = await screen.findByTestId("application-a1");
    expect(calls.find((c) => c.cmd === "list_applications")).toEqual({ cmd: "list_applications", args: { stage: null } });

    const headings = ["Wishlist", "Ready", "Applied", "Interview", "Offer", "Rejected", "Withdrawn"];
    for (const h of headings) expect(screen.getByRole("heading", { name: new RegExp(`^${h}`) })).toBeInTheDocument();

    expect(within(screen.getByTestId("column-wishlist")).getByTestId("application-a1")).toBe(card);
    expect(card).toHaveTextContent("Rust engineer");
    expect(card).toHaveTextContent("Ferris GmbH");
    const applied = within(screen.getByTestId("column-applied")).getByTestId("application-a2");
    expect(applied).toHaveTextContent("email");
    expect(within(applied).getByRole("link", { name: "Open job" })).toHaveAttribute("href", "#/jobs/j2");
  });

  it("opens a card's stage history", async () => {
    mock();
    renderWithQueries(<Applications route={route} />);
    const card = await screen.findByTestId("application-a2");
    await userEvent.click(within(card).getByRole("button", { name: /History/ }));
    const history = within(card).getByRole("list", { name: /Stage history/ });
    const items = within(history).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("created → Ready");
    expect(items[1]).toHaveTextContent("Ready → Applied");
    expect(items[1]).toHaveTextContent("sent by email");
  });

  it("moves a card dropped on another column", async () => {
    const calls = mock();
    renderWithQueries(<Applications route={route} />);
    const card = await screen.findByTestId("application-a1");
    drag(card, screen.getByTestId("column-ready"));

    await within(screen.getByTestId("column-ready")).findByTestId("application-a1");
    expect(calls.filter((c) => c.cmd === "move_application")).toEqual([
      { cmd: "move_application", args: { id: "a1", stage: "ready", note: null } },
    ]);
  });

  it("asks for a reason when a card is dropped on a closing stage", async () => {
    const calls = mock();
    renderWithQueries(<Applications route={route} />);
    const card = await screen.findByTestId("application-a1");
    drag(card, screen.getByTestId("column-rejected"));

    const reason = await within(card).findByLabelText("Reason (optional)");
    expect(calls.some((c) => c.cmd === "move_application")).toBe(false);
    await userEvent.type(reason, "position filled");
    await userEvent.click(within(card).getByRole("button", { name: "Move to Rejected" }));

    await within(screen.getByTestId("column-rejected")).findByTestId("application-a1");
    expect(calls.filter((c) => c.cmd === "move_application")).toEqual([
      { cmd: "move_application", args: { id: "a1", stage: "rejected", note: "position filled" } },
    ]);
  });

  it("moves with the keyboard and shows the pipeline's refusal", async () => {
    const calls = mock(() => {
      throw fail("invalid_input", "--note: moving back from applied to ready needs a note saying why");
    });
    renderWithQueries(<Applications route={route} />);
    const card = await screen.findByTestId("application-a2");
    await userEvent.selectOptions(
      within(card).getByRole("combobox", { name: "Move Backend developer to" }),
      "ready",
    );
    await userEvent.click(within(card).getByRole("button", { name: "Move to Ready" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not move “Backend developer” to Ready");
    expect(alert).toHaveTextContent("moving back from applied to ready needs a note saying why");
    expect(calls.filter((c) => c.cmd === "move_application")).toEqual([
      { cmd: "move_application", args: { id: "a2", stage: "ready", note: null } },
    ]);
    // The card stays where it was, with its move form open to add the note.
    expect(within(screen.getByTestId("column-applied")).getByTestId("application-a2")).toBe(card);
    expect(within(card).getByLabelText("Why? (a note is needed)")).toBeInTheDocument();
  });

  it("shows a load error", async () => {
    mockCommands({
      list_applications: () => {
        throw fail("database", "database is locked");
      },
      list_sends_to_check: () => [],
    });
    renderWithQueries(<Applications route={route} />);
    expect(await screen.findByRole("alert")).toHaveTextContent("database is locked");
  });

  it("asks whether an email of unknown outcome went out, and marks it applied when it did", async () => {
    const unknownSend: ApplicationSend = {
      id: "s1",
      job_id: APPS[0].job_id,
      status: "unknown",
      message_id: "<s1@jobhunter>",
      channel: "mail",
      recipient: "jobs@acme.example",
      cv_id: "cv-1",
      attempts: 1,
      started_at: "2026-11-21T09:00:00Z",
      finished_at: "2026-11-21T09:00:20Z",
      detail: "the connection dropped after the message was sent",
    };
    let open = [unknownSend];
    const calls = mockCommands({
      list_applications: () => APPS,
      list_sends_to_check: () => open,
      mark_send_sent: () => {
        open = [];
        return { ...APPS[0], stage: "applied" };
      },
    });
    renderWithQueries(<Applications route={route} />);
    const panel = await screen.findByRole("region", { name: "Did these applications go out?" });
    expect(panel).toHaveTextContent("jobs@acme.example");
    await userEvent.click(within(panel).getByRole("button", { name: "It is in my sent folder" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "mark_send_sent").map((c) => c.args)).toEqual([{ jobId: APPS[0].job_id }]),
    );
    await waitFor(() => expect(screen.queryByRole("region", { name: "Did these applications go out?" })).toBeNull());
  });

  it("says in plain words how to start when there are no applications", async () => {
    mockCommands({ list_applications: () => [], list_sends_to_check: () => [] });
    renderWithQueries(<Applications route={route} />);
    const empty = await screen.findByTestId("applications-empty");
    expect(empty).toHaveTextContent("Save jobs to your wishlist from a job's page");
    expect(document.body).not.toHaveTextContent("jobhunter applications add");
    expect(screen.getByRole("button", { name: "Export to a spreadsheet (CSV)" })).toBeDisabled();
  });

  it("shows a due follow-up and changes or removes the reminder", async () => {
    let apps = [
      app({ id: "a1", stage: "applied", applied_on: "2026-11-01", follow_up_on: "2026-11-08", channel: "company_website" }),
      app({ id: "a2", job_id: "j2", job_title: "Later job", stage: "applied", follow_up_on: "2999-01-01" }),
    ];
    const calls = mockCommands({
      list_applications: () => apps,
      list_sends_to_check: () => [],
      set_follow_up: ({ id, date }) => {
        apps = apps.map((a) => (a.id === id ? { ...a, follow_up_on: (date as string | null) ?? null } : a));
        return apps.find((a) => a.id === id)!;
      },
    });
    renderWithQueries(<Applications route={route} />);
    const due = await screen.findByRole("region", { name: /Time to follow up/ });
    expect(due).toHaveTextContent("Time to follow up (1)");
    expect(due).toHaveTextContent("Rust engineer at Ferris GmbH");
    const card = screen.getByTestId("application-a1");
    expect(within(card).getByTestId("follow-up-due")).toHaveTextContent("Follow up now");
    expect(card).toHaveTextContent("company website");
    expect(within(screen.getByTestId("application-a2")).queryByTestId("follow-up-due")).toBeNull();

    await userEvent.click(within(card).getByRole("button", { name: "Change the reminder for Rust engineer" }));
    const date = within(card).getByLabelText("Follow up on");
    await userEvent.clear(date);
    await userEvent.type(date, "2999-02-03");
    await userEvent.click(within(card).getByRole("button", { name: "Save reminder" }));
    await waitFor(() => expect(screen.queryByRole("region", { name: /Time to follow up/ })).toBeNull());

    await userEvent.click(within(card).getByRole("button", { name: "Change the reminder for Rust engineer" }));
    await userEvent.click(within(card).getByRole("button", { name: "No reminder" }));
    await within(card).findByRole("button", { name: "Add a reminder for Rust engineer" });
    expect(calls.filter((c) => c.cmd === "set_follow_up").map((c) => c.args)).toEqual([
      { id: "a1", date: "2999-02-03" },
      { id: "a1", date: null },
    ]);
  });

  it("keeps notes and contacts, and marks the company don't apply again", async () => {
    let current = app({ id: "a1" });
    const calls = mockCommands({
      list_applications: () => [current],
      list_sends_to_check: () => [],
      add_application_note: ({ body }) => {
        const note = { id: "n1", body: body as string, created_at: "2026-11-22T10:00:00Z", updated_at: "2026-11-22T10:00:00Z" };
        current = { ...current, notes: [note] };
        return note;
      },
      add_application_contact: ({ contact }) => {
        const c = { id: "c1", role: null, email: null, phone: null, note: null, ...(contact as { name: string }), created_at: "x", updated_at: "x" };
        current = { ...current, contacts: [c] };
        return c;
      },
      block_company: ({ company, reason }) => {
        const mark = { company: company as string, reason: reason as string | null, created_at: "2026-11-22T10:00:00Z" };
        current = { ...current, do_not_apply: mark };
        return mark;
      },
    });
    renderWithQueries(<Applications route={route} />);
    const card = await screen.findByTestId("application-a1");
    await userEvent.click(within(card).getByRole("button", { name: "Notes and contacts (0)" }));

    await userEvent.type(within(card).getByLabelText("New note"), "Called the recruiter");
    await userEvent.click(within(card).getByRole("button", { name: "Add note" }));
    await within(card).findByText("Called the recruiter");

    await userEvent.click(within(card).getByRole("button", { name: "Add a contact" }));
    await userEvent.type(within(card).getByLabelText("Name"), "Ada Lovelace");
    await userEvent.type(within(card).getByLabelText("Role (optional)"), "Recruiter");
    await userEvent.type(within(card).getByLabelText("Email (optional)"), "ada@ferris.example");
    await userEvent.click(within(card).getByRole("button", { name: "Add contact" }));
    await within(card).findByText("Ada Lovelace");

    await userEvent.click(within(card).getByRole("button", { name: "Don't apply to Ferris GmbH again" }));
    await userEvent.type(within(card).getByLabelText("Why? (optional)"), "ghosted twice");
    await userEvent.click(within(card).getByRole("button", { name: "Mark Ferris GmbH" }));
    await within(card).findByRole("button", { name: "Remove the mark" });
    expect(card).toHaveTextContent("You marked Ferris GmbH “don't apply again”: ghosted twice");

    expect(calls.filter((c) => c.cmd === "add_application_note").map((c) => c.args)).toEqual([{ id: "a1", body: "Called the recruiter" }]);
    expect(calls.filter((c) => c.cmd === "add_application_contact").map((c) => c.args)).toEqual([
      { id: "a1", contact: { name: "Ada Lovelace", role: "Recruiter", email: "ada@ferris.example", phone: null, note: null } },
    ]);
    expect(calls.filter((c) => c.cmd === "block_company").map((c) => c.args)).toEqual([{ company: "Ferris GmbH", reason: "ghosted twice" }]);
  });

  it("exports the applications to a file and says where", async () => {
    mockCommands({
      list_applications: () => APPS,
      list_sends_to_check: () => [],
      export_applications: () => "/home/ada/Downloads/jobhunter-applications-2026-12-06.csv",
    });
    renderWithQueries(<Applications route={route} />);
    await screen.findByTestId("application-a1");
    await userEvent.click(screen.getByRole("button", { name: "Export to a spreadsheet (CSV)" }));
    expect(await screen.findByRole("status")).toHaveTextContent(
      "Saved to /home/ada/Downloads/jobhunter-applications-2026-12-06.csv",
    );
  });
});
