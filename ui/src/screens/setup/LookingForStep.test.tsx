import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ProfileDto } from "../../bindings";
import { profileDto, setupStatus } from "../../test/fixtures";
import { mockCommands } from "../../test/ipc";
import { renderWithQueries } from "../../test/queries";
import { LookingForStep } from "./LookingForStep";
import { STEPS } from "./steps";

describe("Step 2, What you're looking for", () => {
  // Regression: the save refreshes the cached profile; while that read was slow the editor
  // unmounted (the step showed only loaded data) and "Preferences saved." never appeared.
  it("says the preferences were saved while the profile is read again slowly", async () => {
    let reads = 0;
    let saved: ProfileDto | null = null;
    mockCommands({
      get_profile: () => {
        reads += 1;
        if (reads === 1) return profileDto();
        return new Promise<ProfileDto | null>((resolve) => setTimeout(() => resolve(saved), 300));
      },
      import_profile: (a) => {
        saved = profileDto({ document: JSON.parse(a.jsonText as string) });
        return saved;
      },
      setup_status: () => setupStatus(),
      list_deployments: () => [],
    });
    renderWithQueries(<LookingForStep step={STEPS[1]} focus={false} status={null} goTo={() => undefined} />);
    const titles = await screen.findByLabelText("Job titles or phrases to search for");
    await userEvent.clear(titles);
    await userEvent.type(titles, "Rust developer");
    await userEvent.click(screen.getByRole("button", { name: "Save preferences" }));
    expect(await screen.findByText("Preferences saved.")).toBeInTheDocument();
    expect(reads).toBeGreaterThan(1);
    expect(screen.getByLabelText("Job titles or phrases to search for")).toHaveValue("Rust developer");
  });
});
