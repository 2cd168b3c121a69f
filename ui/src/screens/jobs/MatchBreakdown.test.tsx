import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import MatchBreakdown from "./MatchBreakdown";
import type { MatchView } from "./matchTypes";

function fullMatch(overrides: Partial<MatchView> = {}): MatchView {
  return {
    score: 0.734,
    matched_skills: ["Rust", "PostgreSQL"],
    missing_skills: ["Kubernetes", "gRPC"],
    unmet_must_haves: ["Kafka"],
    components: {
      skills: { score: 0.6, reason: "3 of 5 required skills" },
      role: { score: 1, reason: "Backend engineering, like your target roles" },
      seniority: { score: 0.5, reason: "Asks for senior; you have 4 years" },
      place: { score: 0.9, reason: "Remote in the EU; you may work in Germany" },
      salary: { score: 0.2, reason: "EUR 50,000 a year is below your 65,000 minimum" },
      language: { score: 1.3, reason: "" },
    },
    penalties: [{ reason: "Asks for two levels above yours", amount: 0.15 }],
    ...overrides,
  };
}

describe("MatchBreakdown", () => {
  it("shows the score, six labelled bars with their percentage and reason, and the gap as chips", () => {
    render(<MatchBreakdown match={fullMatch()} />);
    expect(screen.getByTestId("match-score")).toHaveTextContent("73 %");

    const meters = screen.getAllByRole("meter");
    expect(meters.map((m) => m.getAttribute("aria-label"))).toEqual([
      "Skills",
      "Role",
      "Seniority",
      "Place",
      "Salary",
      "Language",
    ]);
    const skills = screen.getByRole("meter", { name: "Skills" });
    expect(skills).toHaveAttribute("aria-valuenow", "60");
    expect(skills).toHaveAttribute("aria-valuemin", "0");
    expect(skills).toHaveAttribute("aria-valuemax", "100");
    expect(skills).toHaveAttribute("aria-valuetext", "60 %");
    // Out-of-range scores are drawn within the bar.
    expect(screen.getByRole("meter", { name: "Language" })).toHaveAttribute("aria-valuenow", "100");

    // The percentage and the reason are visible text, not colour only.
    expect(screen.getByTestId("match-part-skills")).toHaveTextContent("Skills60 %3 of 5 required skills");
    expect(screen.getByTestId("match-part-salary")).toHaveTextContent(
      "Salary20 %EUR 50,000 a year is below your 65,000 minimum",
    );
    expect(screen.getByTestId("match-part-language")).toHaveTextContent(/^Language100 %$/);
    expect(screen.queryByTestId("match-no-parts")).not.toBeInTheDocument();

    const items = (name: string) =>
      within(screen.getByRole("list", { name })).getAllByRole("listitem").map((li) => li.textContent);
    expect(items("You have")).toEqual(["Rust", "PostgreSQL"]);
    expect(items("The job asks for, you don't list")).toEqual(["Kubernetes", "gRPC"]);
    expect(items("Your must-haves it doesn't mention")).toEqual(["Kafka"]);

    const penalties = screen.getByRole("list", { name: "What lowered the score" });
    expect(penalties).toHaveTextContent("Asks for two levels above yours −15 %");
  });

  it("shows an older match's score and chips without bars, and how to get the breakdown", () => {
    render(
      <MatchBreakdown
        match={fullMatch({ score: 0.5, components: null, missing_skills: [], unmet_must_haves: [], penalties: [] })}
      />,
    );
    expect(screen.getByTestId("match-score")).toHaveTextContent("50 %");
    expect(screen.queryAllByRole("meter")).toHaveLength(0);
    expect(screen.getByTestId("match-no-parts")).toHaveTextContent("Open a new hunt to see the full breakdown.");
    expect(screen.getByRole("list", { name: "You have" })).toHaveTextContent("RustPostgreSQL");
    // An empty gap says so; the must-haves heading only appears when there are some.
    expect(screen.queryByRole("list", { name: "The job asks for, you don't list" })).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "The job asks for, you don't list" }).nextElementSibling).toHaveTextContent(
      "None.",
    );
    expect(screen.queryByText("Your must-haves it doesn't mention")).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "What lowered the score" }).nextElementSibling).toHaveTextContent(
      "Nothing.",
    );
  });

  it("renders text from the posting as text, never as markup", () => {
    render(
      <MatchBreakdown
        match={fullMatch({
          missing_skills: ["<img src=x onerror=alert(1)>"],
          penalties: [{ reason: "<b>bold</b>", amount: 0.1 }],
        })}
      />,
    );
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeInTheDocument();
    expect(screen.getByText("<b>bold</b>")).toBeInTheDocument();
    expect(document.querySelector(".jobs-match img, .jobs-match b")).toBeNull();
  });
});
