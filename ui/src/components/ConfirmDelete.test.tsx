import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ConfirmDelete } from "./ConfirmDelete";

describe("ConfirmDelete", () => {
  it("asks before deleting: Keep goes back without deleting, focus on Delete again", async () => {
    const onConfirm = vi.fn();
    render(<ConfirmDelete name="mail" onConfirm={onConfirm} />);
    await userEvent.click(screen.getByRole("button", { name: "Delete mail" }));
    expect(screen.getByRole("group", { name: "Confirm deleting mail" })).toHaveTextContent("Delete “mail”?");
    expect(screen.getByRole("button", { name: "Keep" })).toHaveFocus();

    await userEvent.keyboard("{Enter}");
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.queryByRole("group")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Delete mail" })).toHaveFocus();
  });

  it("deletes on Yes, and keeps the question disabled while busy", async () => {
    const onConfirm = vi.fn();
    const { rerender } = render(<ConfirmDelete name="mail" question="Really?" onConfirm={onConfirm} />);
    await userEvent.click(screen.getByRole("button", { name: "Delete mail" }));
    expect(screen.getByRole("group")).toHaveTextContent("Really?");
    await userEvent.click(screen.getByRole("button", { name: "Yes, delete" }));
    await waitFor(() => expect(onConfirm).toHaveBeenCalledTimes(1));

    rerender(<ConfirmDelete name="mail" question="Really?" busy onConfirm={onConfirm} />);
    expect(screen.getByRole("button", { name: "Yes, delete" })).toHaveAttribute("aria-busy", "true");
    expect(screen.getByRole("button", { name: "Keep" })).toBeDisabled();
  });
});
