import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { parseTags, tagsError, TagsField, tagsText } from "./TagsField";

function Harness({ seen }: { seen: string[][] }) {
  const [text, setText] = useState(tagsText(["scheduled"]));
  return (
    <TagsField
      value={text}
      error={tagsError(text) ?? undefined}
      onChange={(t) => {
        setText(t);
        seen.push(parseTags(t));
      }}
    />
  );
}

describe("schedule tags", () => {
  it("reads a line of tags as the app stores them", () => {
    expect(parseTags(" scheduled, production ,, scheduled,")).toEqual(["scheduled", "production"]);
    expect(parseTags("")).toEqual([]);
    expect(tagsText(["scheduled", "scraping"])).toBe("scheduled, scraping");
    expect(tagsError("ok")).toBeNull();
    expect(tagsError(`ok, ${"x".repeat(41)}`)).toMatch(/^Tags: /);
  });

  it("is a labelled field typed by keyboard, with its error", async () => {
    const seen: string[][] = [];
    render(<Harness seen={seen} />);
    const input = screen.getByLabelText("Tags");
    expect(input).toHaveValue("scheduled");
    await userEvent.type(input, ", production");
    expect(seen.at(-1)).toEqual(["scheduled", "production"]);
    await userEvent.type(input, `, ${"y".repeat(41)}`);
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText(/is longer than 40 characters/)).toBeInTheDocument();
  });
});
