import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ApplicationView, EmailPreview } from "../../bindings";
import { applicationView } from "../../test/fixtures";
import { argsOf, fail, mockCommands, type Handlers } from "../../test/ipc";
import { renderWithQueries } from "../../test/queries";
import { localToday } from "../applications/tracking";
import ApplyActions from "./ApplyActions";

const JOB = {
  id: "job-1",
  title: "Rust engineer",
  company: "Ferris GmbH",
  url: "https://jobs.example.org/1",
  applyUrl: "https://ferris.example/apply",
  applyEmail: "jobs@ferris.example",
};

const PREVIEW: EmailPreview = {
  job_id: "job-1",
  recipient: "jobs@ferris.example",
  subject: "Application: Rust engineer — Ada Lovelace",
  attachment: "Ada-Lovelace-CV.pdf",
  cv_id: "cv-1",
  account: "mail",
  dry_run: false,
  do_not_apply: null,
  problems: [],
};

/** Commands of the job page's actions, with the job's application kept like the app does. */
function mock(extra: Handlers = {}) {
  let current: ApplicationView | null = null;
  const calls = mockCommands({
    get_job_application: () => current,
    add_application: () => (current = applicationView()),
    mark_applied: ({ date, via }) =>
      (current = applicationView({ stage: "applied", applied_on: date as string, channel: via as string })),
    preview_email_application: () => PREVIEW,
    apply_by_email: () => {
      current = applicationView({ stage: "applied", channel: "email" });
      return {
        success: true,
        application_id: "app-1",
        channel: "email",
        stage: "applied",
        message: "applied by email to jobs@ferris.example",
        dry_run: false,
        recipient: "jobs@ferris.example",
        apply_url: null,
      };
    },
    open_external: () => null,
    ...extra,
  });
  return calls;
}

describe("ApplyActions", () => {
  it("saves the job to the wishlist, then shows its stage and the way to Applications", async () => {
    const calls = mock();
    renderWithQueries(<ApplyActions job={JOB} />);
    expect(await screen.findByText("Not in your applications yet.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Save to wishlist" }));

    const status = await screen.findByTestId("apply-status");
    expect(status).toHaveTextContent("In your applications: Wishlist");
    expect(within(status).getByRole("link", { name: "Open in Applications" })).toHaveAttribute("href", "#/applications");
    expect(screen.queryByRole("button", { name: "Save to wishlist" })).toBeNull();
    expect(argsOf(calls, "add_application")).toEqual([{ jobId: "job-1", note: null }]);
  });

  it("records “I applied” with the day, how and a note", async () => {
    const calls = mock();
    renderWithQueries(<ApplyActions job={JOB} />);
    await userEvent.click(await screen.findByRole("button", { name: "I applied" }));
    const form = screen.getByRole("form", { name: "I applied" });
    expect(within(form).getByLabelText("When did you apply?")).toHaveValue(localToday());
    const date = within(form).getByLabelText("When did you apply?");
    await userEvent.clear(date);
    await userEvent.type(date, "2026-11-30");
    await userEvent.selectOptions(within(form).getByLabelText("How?"), "Referral");
    await userEvent.type(within(form).getByLabelText("Note (optional)"), "Bob passed my CV on");
    await userEvent.click(within(form).getByRole("button", { name: "Save “I applied”" }));

    await waitFor(() => expect(screen.getByTestId("apply-status")).toHaveTextContent("In your applications: Applied"));
    expect(screen.getByTestId("apply-status")).toHaveTextContent("(referral)");
    expect(screen.queryByRole("form", { name: "I applied" })).toBeNull();
    expect(screen.queryByRole("button", { name: "I applied" })).toBeNull();
    expect(argsOf(calls, "mark_applied")).toEqual([
      { jobId: "job-1", date: "2026-11-30", via: "referral", note: "Bob passed my CV on" },
    ]);
  });

  it("applies by email after showing the recipient, the subject and the attachment", async () => {
    const calls = mock();
    renderWithQueries(<ApplyActions job={JOB} />);
    await userEvent.click(await screen.findByRole("button", { name: "Apply by email" }));
    const preview = await screen.findByTestId("email-preview");
    expect(preview).toHaveTextContent("jobs@ferris.example");
    expect(preview).toHaveTextContent("Application: Rust engineer — Ada Lovelace");
    expect(preview).toHaveTextContent("Ada-Lovelace-CV.pdf");
    expect(argsOf(calls, "apply_by_email")).toEqual([]);

    await userEvent.click(screen.getByRole("button", { name: "Send application" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Sent to jobs@ferris.example");
    expect(argsOf(calls, "apply_by_email")).toEqual([{ jobId: "job-1", cvId: "cv-1" }]);
    await waitFor(() => expect(screen.getByTestId("apply-status")).toHaveTextContent("Applied"));
  });

  it("says what stands in the way, and shows a refusal in words", async () => {
    mock({
      preview_email_application: () => ({ ...PREVIEW, problems: ["There is no approved CV yet: make and approve one under Documents."] }),
    });
    const { unmount } = renderWithQueries(<ApplyActions job={JOB} />);
    await userEvent.click(await screen.findByRole("button", { name: "Apply by email" }));
    expect(await screen.findByRole("list", { name: "What stands in the way" })).toHaveTextContent("no approved CV");
    expect(screen.getByRole("button", { name: "Send application" })).toBeDisabled();
    unmount();

    mock({
      apply_by_email: () => {
        throw fail("invalid_input", 'job_id: you marked Ferris GmbH "don\'t apply again"; nothing was sent. Remove the mark to apply');
      },
    });
    renderWithQueries(<ApplyActions job={JOB} />);
    await userEvent.click(await screen.findByRole("button", { name: "Apply by email" }));
    await screen.findByTestId("email-preview");
    await userEvent.click(screen.getByRole("button", { name: "Send application" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent('You marked Ferris GmbH "don\'t apply again"; nothing was sent.');
    expect(alert).not.toHaveTextContent("job_id");
  });

  it("opens the apply page, and offers email only when the job takes it", async () => {
    const calls = mock();
    renderWithQueries(<ApplyActions job={{ ...JOB, applyEmail: null }} />);
    await userEvent.click(await screen.findByRole("button", { name: "Open the apply page ↗" }));
    await waitFor(() => expect(argsOf(calls, "open_external")).toEqual([{ url: "https://ferris.example/apply" }]));
    expect(screen.queryByRole("button", { name: "Apply by email" })).toBeNull();
  });
});
