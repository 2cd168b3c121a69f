/** Settings › Your data: back up to a chosen file; restore a chosen backup at the next start. */
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { argsOf, fail, mockCommands } from "../../test/ipc";
import { renderWithQueries } from "../../test/queries";
import { backupFileName, formatBytes, YourData } from "./YourData";

const dialog = vi.hoisted(() => ({ save: vi.fn(), open: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => dialog);

beforeEach(() => {
  dialog.save.mockReset();
  dialog.open.mockReset();
});

describe("YourData", () => {
  it("backs up to the file chosen in the save dialog", async () => {
    dialog.save.mockResolvedValue("/home/me/jobhunter-backup.db");
    const calls = mockCommands({
      restore_pending: () => false,
      backup_database: (a) => ({ path: String(a.path), bytes: 2_500_000 }),
    });
    renderWithQueries(<YourData />);
    await userEvent.click(screen.getByRole("button", { name: "Back up…" }));
    expect(await screen.findByTestId("backup-done")).toHaveTextContent(
      "Backed up to /home/me/jobhunter-backup.db (2.4 MB).",
    );
    expect(argsOf(calls, "backup_database")).toEqual([{ path: "/home/me/jobhunter-backup.db" }]);
    expect(dialog.save.mock.calls[0][0].defaultPath).toMatch(/^jobhunter-backup-\d{4}-\d\d-\d\d\.db$/);
  });

  it("restores: checks the file, then asks for a restart, which it offers", async () => {
    dialog.open.mockResolvedValue("/media/usb/old.db");
    let staged = false;
    const calls = mockCommands({
      restore_pending: () => staged,
      restore_database: (a) => {
        staged = true;
        return {
          from: String(a.path),
          staged: "/data/jobhunter.db.restore",
          previousKeptAs: "/data/jobhunter.db.before-restore",
          jobs: 12,
        };
      },
      restart_app: () => null,
      cancel_restore: () => {
        staged = false;
        return true;
      },
    });
    renderWithQueries(<YourData />);
    await userEvent.click(screen.getByRole("button", { name: "Restore…" }));
    const pending = await screen.findByTestId("restore-pending");
    expect(pending).toHaveTextContent("Restart JobHunter to finish restoring.");
    expect(pending).toHaveTextContent("The backup /media/usb/old.db (12 jobs) replaces your data then");
    expect(argsOf(calls, "restore_database")).toEqual([{ path: "/media/usb/old.db" }]);
    await userEvent.click(screen.getByRole("button", { name: "Restart now" }));
    await waitFor(() => expect(argsOf(calls, "restart_app")).toHaveLength(1));
    await userEvent.click(screen.getByRole("button", { name: "Cancel the restore" }));
    await waitFor(() => expect(screen.queryByTestId("restore-pending")).toBeNull());
  });

  it("names the file that is not a backup", async () => {
    dialog.open.mockResolvedValue("/home/me/notes.txt");
    mockCommands({
      restore_pending: () => false,
      restore_database: () => {
        throw fail("invalid_input", "file: /home/me/notes.txt is not a JobHunter backup: it is not a database file");
      },
    });
    renderWithQueries(<YourData />);
    await userEvent.click(screen.getByRole("button", { name: "Restore…" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("/home/me/notes.txt is not a JobHunter backup");
    expect(screen.queryByTestId("restore-pending")).toBeNull();
  });

  it("shows a restore left waiting from before", async () => {
    mockCommands({ restore_pending: () => true });
    renderWithQueries(<YourData />);
    expect(await screen.findByTestId("restore-pending")).toHaveTextContent("Restart JobHunter to finish restoring.");
  });

  it("formats names and sizes", () => {
    expect(backupFileName(new Date(2026, 11, 6))).toBe("jobhunter-backup-2026-12-06.db");
    expect(formatBytes(900)).toBe("900 bytes");
    expect(formatBytes(2048)).toBe("2.0 KB");
  });
});
