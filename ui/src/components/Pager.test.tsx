import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Pager } from "./ui";

describe("Pager", () => {
  it("shows the rows of a short page when the total is unknown", () => {
    render(<Pager offset={0} limit={100} hasMore={false} shown={10} onChange={() => {}} />);
    expect(screen.getByText("1–10")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "← Previous" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Next →" })).toBeDisabled();
  });

  it("counts against the total and moves by a page", async () => {
    const onChange = vi.fn();
    render(<Pager offset={50} limit={50} hasMore total={120} onChange={onChange} />);
    expect(screen.getByText("51–100 of 120")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Next →" }));
    await userEvent.click(screen.getByRole("button", { name: "← Previous" }));
    expect(onChange.mock.calls).toEqual([[100], [0]]);
  });
});
