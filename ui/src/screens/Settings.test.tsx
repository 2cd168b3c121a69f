import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderWithQueries } from "../test/queries";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChannelDto, RuleDto, SettingsDto, SourceInfo } from "../bindings";
import { parseRoute } from "../lib/router";
import Settings from "./Settings";
import { deploymentDto } from "../test/fixtures";
import { argsOf, fail, mockCommands, type Handlers } from "../test/ipc";
import { setupStatus } from "../test/fixtures";

// The OS's login item (tauri-plugin-autostart), as a flag the mocked plugin keeps.
const autostart = vi.hoisted(() => ({ on: false, fail: false }));
vi.mock("@tauri-apps/plugin-autostart", () => ({
  isEnabled: vi.fn(async () => autostart.on),
  enable: vi.fn(async () => {
    if (autostart.fail) throw new Error("the login item could not be written");
    autostart.on = true;
  }),
  disable: vi.fn(async () => {
    autostart.on = false;
  }),
}));

beforeEach(() => {
  autostart.on = false;
  autostart.fail = false;
});

const SETTINGS: SettingsDto = {
  sources: [
    { name: "greenhouse", enabled: true, usesBaseUrl: true, baseUrl: null, envOverride: null },
    { name: "remoteok", enabled: false, usesBaseUrl: true, baseUrl: "https://remoteok.example", envOverride: "http://127.0.0.1:9000" },
    { name: "arbeitnow", enabled: true, usesBaseUrl: true, baseUrl: null, envOverride: null },
    { name: "feed", enabled: true, usesBaseUrl: false, baseUrl: null, envOverride: null },
  ],
  llm: null,
  retentionDays: 30,
  dailyApplyCap: 10,
  dryRun: false,
  llmApiKeyStored: false,
  llmCallsToday: 0,
  llmTokensToday: 0,
};

const CATALOGUE: SourceInfo[] = [
  { spec: "greenhouse", name: "Greenhouse", description: "A company's Greenhouse careers board.", needs_company: true, countries: [] },
  { spec: "remoteok", name: "Remote OK", description: "Remote jobs, mostly in tech.", needs_company: false, countries: [] },
  { spec: "arbeitnow", name: "Arbeitnow", description: "Jobs in Germany, many in English.", needs_company: false, countries: ["DE"] },
  { spec: "feed", name: "RSS or Atom feed", description: "Jobs from a feed you add.", needs_company: true, countries: [] },
];

const CHANNELS: ChannelDto[] = [
  { name: "desktop", kind: "desktop", config: {}, hasPassword: false },
  {
    name: "mail",
    kind: "email",
    config: { to: "me@example.org", smtp_host: "smtp.example.org", smtp_port: 587, smtp_user: "me", tls: "starttls" },
    hasPassword: true,
  },
  { name: "team-hook", kind: "webhook", config: { url: "https://hooks.example.com/services/SECRET" }, hasPassword: false },
];

const RULES: RuleDto[] = [
  { id: 1, trigger: "failed", channel: "desktop", deploymentId: null, cooldown: "30m", quietHours: null, timezone: null },
  { id: 2, trigger: "consecutive_failures:3", channel: "mail", deploymentId: "dep-1", cooldown: null, quietHours: "22:00-07:00", timezone: "Europe/Berlin" },
];

function mock(overrides: Handlers = {}) {
  const handlers: Handlers = {
    get_settings: () => SETTINGS,
    list_sources: () => CATALOGUE,
    save_settings: (a) => a.input as SettingsDto,
    list_channels: () => CHANNELS,
    list_rules: () => RULES,
    list_deployments: () => [deploymentDto({ id: "dep-1", name: "morning hunt" })],
    // Your data (settings/YourData.tsx): no restore waiting.
    restore_pending: () => false,
    ...overrides,
  };
  return mockCommands(handlers);
}

const route = parseRoute("#/settings");

describe("Settings: general", () => {
  it("shows each source by its plain name, with what it covers and where", async () => {
    mock();
    renderWithQueries(<Settings route={route} />);
    const remoteOk = await screen.findByLabelText("Search Remote OK");
    expect(remoteOk).not.toBeChecked();
    expect(remoteOk).toHaveAccessibleDescription("Remote jobs, mostly in tech. Where: Worldwide and remote.");
    expect(screen.getByLabelText("Search Greenhouse")).toBeChecked();
    expect(screen.getByLabelText("Search Arbeitnow")).toHaveAccessibleDescription(/Where: Germany\./);
    expect(screen.getByLabelText("Search RSS or Atom feed")).toBeChecked();
    // No engine words in the list.
    const list = screen.getByRole("group", { name: "Job sites to search" });
    expect(list).not.toHaveTextContent(/remoteok|greenhouse on|feed on|base URL/);
    expect(within(list).queryByRole("textbox")).not.toBeInTheDocument();
  });

  it("keeps the addresses in a folded advanced section, with the environment overrides", async () => {
    mock();
    renderWithQueries(<Settings route={route} />);
    await screen.findByLabelText("Search Remote OK");
    const advanced = screen.getByTestId("source-addresses");
    expect(advanced.tagName).toBe("DETAILS");
    expect(advanced).not.toHaveAttribute("open");
    expect(within(advanced).getByText("Advanced: use a mirror or proxy for a source").tagName).toBe("SUMMARY");
    expect(within(advanced).getByLabelText("Address for Greenhouse")).toHaveValue("");
    expect(within(advanced).getByLabelText("Address for Remote OK")).toHaveValue("https://remoteok.example");
    expect(within(advanced).getByLabelText("Address for Arbeitnow")).toHaveValue("");
    expect(screen.getByTestId("source-remoteok-address")).toHaveTextContent(
      "In use instead: JOBHUNTER_REMOTEOK_URL=http://127.0.0.1:9000",
    );
    // Feeds take their address per search: no field for them.
    expect(within(advanced).queryByLabelText(/Address for RSS/)).not.toBeInTheDocument();
    await userEvent.click(within(advanced).getByText("Advanced: use a mirror or proxy for a source"));
    expect(advanced).toHaveAttribute("open");
  });

  it("falls back to the engine names when the source list cannot load", async () => {
    mock({
      list_sources: () => {
        throw fail("internal", "no catalogue");
      },
    });
    renderWithQueries(<Settings route={route} />);
    expect(await screen.findByLabelText("Search remoteok")).not.toBeChecked();
    expect(screen.getByLabelText("Address for remoteok")).toHaveValue("https://remoteok.example");
  });

  it("unticks a source and saves the same settings shape as before", async () => {
    const calls = mock();
    renderWithQueries(<Settings route={route} />);
    await userEvent.click(await screen.findByLabelText("Search Arbeitnow"));
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("Settings saved.")).toBeInTheDocument();
    const saved = argsOf(calls, "save_settings").map((a) => (a.input as SettingsDto).sources);
    expect(saved).toEqual([
      [
        { name: "greenhouse", enabled: true, usesBaseUrl: true, baseUrl: null, envOverride: null },
        { name: "remoteok", enabled: false, usesBaseUrl: true, baseUrl: "https://remoteok.example", envOverride: "http://127.0.0.1:9000" },
        { name: "arbeitnow", enabled: false, usesBaseUrl: true, baseUrl: null, envOverride: null },
        { name: "feed", enabled: true, usesBaseUrl: false, baseUrl: null, envOverride: null },
      ],
    ]);
    expect(screen.getByLabelText("Search Arbeitnow")).not.toBeChecked();
  });

  it("opens the advanced section on an invalid address, naming the source plainly", async () => {
    const calls = mock();
    renderWithQueries(<Settings route={route} />);
    await screen.findByLabelText("Search Remote OK");
    const address = screen.getByLabelText("Address for Remote OK");
    fireEvent.change(address, { target: { value: "ftp://mirror.example" } });
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(screen.getByTestId("source-addresses")).toHaveAttribute("open");
    expect(address).toHaveAttribute("aria-invalid", "true");
    expect(address).toHaveAccessibleDescription(
      "Address for Remote OK: must be a web address starting with http:// or https://",
    );
    expect(calls.some((c) => c.cmd === "save_settings")).toBe(false);
  });

  it("validates inline, naming the field, and saves nothing", async () => {
    const calls = mock();
    renderWithQueries(<Settings route={route} />);
    const retention = await screen.findByLabelText("Keep run history for (days)");
    fireEvent.change(retention, { target: { value: "0" } });
    await userEvent.click(screen.getByLabelText("Use an LLM to re-rank the best matches"));
    fireEvent.change(screen.getByLabelText("Weight (0–1)"), { target: { value: "1.5" } });
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));

    expect(screen.getByText("retentionDays: must be at least 1 (a whole number of days)")).toBeInTheDocument();
    expect(retention).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("llm.weight: must be between 0 and 1")).toBeInTheDocument();
    expect(screen.getByText("llm.model: required (e.g. llama3.1:8b)")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "save_settings")).toBe(false);
  });

  it("saves the edited settings", async () => {
    const calls = mock();
    renderWithQueries(<Settings route={route} />);
    await userEvent.click(await screen.findByLabelText("Search Greenhouse"));
    fireEvent.change(screen.getByLabelText("Address for Greenhouse"), { target: { value: "https://boards.example" } });
    await userEvent.click(screen.getByLabelText("Use an LLM to re-rank the best matches"));
    fireEvent.change(screen.getByLabelText("Model"), { target: { value: "llama3.1:8b" } });
    fireEvent.change(screen.getByLabelText("API key environment variable"), { target: { value: "OPENAI_API_KEY" } });
    fireEvent.change(screen.getByLabelText("Keep run history for (days)"), { target: { value: "90" } });
    fireEvent.change(screen.getByLabelText("Applications sent per day (cap)"), { target: { value: "5" } });
    await userEvent.click(screen.getByLabelText(/Dry run/));
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));

    expect(await screen.findByText("Settings saved.")).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "save_settings")).toEqual([
      {
        cmd: "save_settings",
        args: {
          input: {
            sources: [
              { name: "greenhouse", enabled: false, usesBaseUrl: true, baseUrl: "https://boards.example", envOverride: null },
              { name: "remoteok", enabled: false, usesBaseUrl: true, baseUrl: "https://remoteok.example", envOverride: "http://127.0.0.1:9000" },
              { name: "arbeitnow", enabled: true, usesBaseUrl: true, baseUrl: null, envOverride: null },
              { name: "feed", enabled: true, usesBaseUrl: false, baseUrl: null, envOverride: null },
            ],
            llm: {
              enabled: true,
              baseUrl: "http://localhost:11434/v1",
              model: "llama3.1:8b",
              apiKeyEnv: "OPENAI_API_KEY",
              weight: 0.3,
              timeoutSecs: 30,
              rerankTop: 10,
              dailyCallCap: 50,
              dailyTokenBudget: null,
            },
            retentionDays: 90,
            dailyApplyCap: 5,
            dryRun: true,
            llmApiKeyStored: false,
            llmCallsToday: 0,
            llmTokensToday: 0,
          },
        },
      },
    ]);
  });

  it("shows the server's refusal", async () => {
    mock({
      save_settings: () => {
        throw fail("invalid_input", "sources[0].baseUrl: 'ftp://x' is not an http(s) URL");
      },
    });
    renderWithQueries(<Settings route={route} />);
    await screen.findByTestId("source-greenhouse");
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("sources[0].baseUrl: 'ftp://x' is not an http(s) URL");
  });
});

describe("Settings: notification channels", () => {
  it("lists the channels without secrets and sends a test", async () => {
    const calls = mock({
      test_channel: (a) =>
        a.name === "mail"
          ? { channel: "mail", status: "failed", error: "no SMTP password for user 'me'" }
          : { channel: String(a.name), status: "sent", error: null },
    });
    renderWithQueries(<Settings route={route} />);
    const mail = await screen.findByTestId("channel-mail");
    expect(mail).toHaveTextContent("to me@example.org via smtp.example.org:587 (starttls)");
    expect(mail).toHaveTextContent("password stored");
    const hook = screen.getByTestId("channel-team-hook");
    expect(hook).toHaveTextContent("POST to hooks.example.com");
    expect(hook).not.toHaveTextContent("SECRET");
    // The built-in desktop channel cannot be deleted.
    expect(within(screen.getByTestId("channel-desktop")).queryByRole("button", { name: /Delete/ })).not.toBeInTheDocument();

    await userEvent.click(within(mail).getByRole("button", { name: "Send test to mail" }));
    const status = await within(mail).findByTestId("delivery-mail");
    expect(status).toHaveTextContent("failed");
    expect(status).toHaveTextContent("no SMTP password for user 'me'");
    expect(calls).toContainEqual({ cmd: "test_channel", args: { name: "mail" } });

    await userEvent.click(within(hook).getByRole("button", { name: "Send test to team-hook" }));
    expect(await within(hook).findByTestId("delivery-team-hook")).toHaveTextContent("sent");
  });

  it("adds an email channel, sending the password only to the keyring", async () => {
    const calls = mock({ save_channel: () => CHANNELS[1] });
    renderWithQueries(<Settings route={route} />);
    await screen.findByTestId("channel-mail");
    await userEvent.click(screen.getByRole("button", { name: "Add channel" }));
    const form = screen.getByRole("form", { name: "New channel" });
    await userEvent.click(within(form).getByRole("button", { name: "Add channel" }));
    expect(within(form).getByText("name: required")).toBeInTheDocument();
    expect(within(form).getByText(/smtp_host: required/)).toBeInTheDocument();
    expect(within(form).getByText(/to: required/)).toBeInTheDocument();

    await userEvent.type(within(form).getByLabelText("Name"), "alerts");
    await userEvent.type(within(form).getByLabelText("SMTP host"), "smtp.example.org");
    await userEvent.selectOptions(within(form).getByLabelText("Encryption"), "tls");
    fireEvent.change(within(form).getByLabelText("Port"), { target: { value: "465" } });
    await userEvent.type(within(form).getByLabelText("Username"), "me@example.org");
    await userEvent.type(within(form).getByLabelText("Password"), "hunter2");
    await userEvent.type(within(form).getByLabelText("To"), "me@example.org");
    await userEvent.click(within(form).getByRole("button", { name: "Add channel" }));

    await waitFor(() => expect(screen.queryByRole("form", { name: "New channel" })).not.toBeInTheDocument());
    const saves = calls.filter((c) => c.cmd === "save_channel");
    expect(saves).toHaveLength(1);
    const input = saves[0].args.input as { name: string; kind: string; configJson: string; password: string | null };
    expect(input.name).toBe("alerts");
    expect(input.kind).toBe("email");
    expect(input.password).toBe("hunter2");
    expect(JSON.parse(input.configJson)).toEqual({
      to: "me@example.org",
      smtp_host: "smtp.example.org",
      smtp_port: 465,
      smtp_user: "me@example.org",
      tls: "tls",
    });
  });

  it("adds a webhook without a password and shows the server's error", async () => {
    const calls = mock({
      save_channel: () => {
        throw fail("invalid_input", "url: not an http(s) URL");
      },
    });
    renderWithQueries(<Settings route={route} />);
    await screen.findByTestId("channel-mail");
    await userEvent.click(screen.getByRole("button", { name: "Add channel" }));
    const form = screen.getByRole("form", { name: "New channel" });
    await userEvent.type(within(form).getByLabelText("Name"), "hook2");
    await userEvent.selectOptions(within(form).getByLabelText("Kind"), "webhook");
    await userEvent.type(within(form).getByLabelText("Webhook URL"), "https://hooks.example.com/x");
    await userEvent.click(within(form).getByRole("button", { name: "Add channel" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("url: not an http(s) URL");
    expect(calls.find((c) => c.cmd === "save_channel")?.args.input).toEqual({
      name: "hook2",
      kind: "webhook",
      configJson: JSON.stringify({ url: "https://hooks.example.com/x" }),
      password: null,
    });
  });

  it("deletes a channel after confirming", async () => {
    const calls = mock({ delete_channel: () => null });
    renderWithQueries(<Settings route={route} />);
    const hook = await screen.findByTestId("channel-team-hook");
    await userEvent.click(within(hook).getByRole("button", { name: "Delete team-hook" }));
    expect(within(hook).getByText("Delete “team-hook” and the rules that use it?")).toBeInTheDocument();
    await userEvent.click(within(hook).getByRole("button", { name: "Yes, delete" }));
    await waitFor(() => expect(calls).toContainEqual({ cmd: "delete_channel", args: { name: "team-hook" } }));
  });
});

describe("Settings: notification rules", () => {
  it("lists the rules", async () => {
    mock();
    renderWithQueries(<Settings route={route} />);
    const rule = await screen.findByTestId("rule-2");
    expect(rule).toHaveTextContent("3 runs in a row failed");
    expect(rule).toHaveTextContent("mail");
    expect(await within(rule).findByText("morning hunt")).toBeInTheDocument();
    expect(rule).toHaveTextContent("22:00-07:00 (Europe/Berlin)");
    expect(screen.getByTestId("rule-1")).toHaveTextContent("30m");
  });

  it("adds a consecutive-failures rule with quiet hours", async () => {
    const calls = mock({ add_rule: () => RULES[1] });
    renderWithQueries(<Settings route={route} />);
    await screen.findByTestId("rule-1");
    await userEvent.click(screen.getByRole("button", { name: "Add rule" }));
    const form = screen.getByRole("form", { name: "New rule" });
    await userEvent.selectOptions(within(form).getByLabelText("When"), "consecutive_failures");
    fireEvent.change(within(form).getByLabelText("N (failures in a row)"), { target: { value: "0" } });
    fireEvent.change(within(form).getByLabelText("Quiet hours"), { target: { value: "22-7" } });
    await userEvent.click(within(form).getByRole("button", { name: "Add rule" }));
    expect(within(form).getByText("N: a whole number, at least 1")).toBeInTheDocument();
    expect(within(form).getByText("quietHours: HH:MM-HH:MM, e.g. 22:00-07:00")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "add_rule")).toBe(false);

    fireEvent.change(within(form).getByLabelText("N (failures in a row)"), { target: { value: "3" } });
    await userEvent.selectOptions(within(form).getByLabelText("Channel"), "mail");
    await userEvent.selectOptions(within(form).getByLabelText("Only for the schedule"), "dep-1");
    fireEvent.change(within(form).getByLabelText("Cooldown"), { target: { value: "1h" } });
    fireEvent.change(within(form).getByLabelText("Quiet hours"), { target: { value: "22:00-07:00" } });
    fireEvent.change(within(form).getByLabelText("Quiet hours time zone"), { target: { value: "Europe/Berlin" } });
    await userEvent.click(within(form).getByRole("button", { name: "Add rule" }));

    await waitFor(() => expect(screen.queryByRole("form", { name: "New rule" })).not.toBeInTheDocument());
    expect(calls.filter((c) => c.cmd === "add_rule")).toEqual([
      {
        cmd: "add_rule",
        args: {
          input: {
            trigger: "consecutive_failures:3",
            channel: "mail",
            deploymentId: "dep-1",
            cooldown: "1h",
            quietHours: "22:00-07:00",
            timezone: "Europe/Berlin",
          },
        },
      },
    ]);
  });

  it("shows why the deployments for the rules could not load", async () => {
    mock({
      list_deployments: () => {
        throw fail("database", "database is locked");
      },
    });
    renderWithQueries(<Settings route={route} />);
    await screen.findByTestId("rule-1");
    const alert = (await screen.findByText("Could not load the schedules.")).closest('[role="alert"]');
    expect(alert).toHaveTextContent("Could not load the schedules. database is locked");
  });

  it("deletes a rule after asking", async () => {
    const calls = mock({ delete_rule: () => null });
    renderWithQueries(<Settings route={route} />);
    const rule = await screen.findByTestId("rule-1");
    await userEvent.click(within(rule).getByRole("button", { name: "Delete rule 1" }));
    expect(within(rule).getByRole("group", { name: "Confirm deleting rule 1" })).toHaveTextContent(
      "Delete the rule “a run failed” → desktop?",
    );
    expect(calls.some((c) => c.cmd === "delete_rule")).toBe(false);
    await userEvent.click(within(rule).getByRole("button", { name: "Yes, delete" }));
    await waitFor(() => expect(calls).toContainEqual({ cmd: "delete_rule", args: { id: 1 } }));
  });
});

const LLM = {
  enabled: true,
  baseUrl: "http://127.0.0.1:11434/v1",
  model: "llama3",
  apiKeyEnv: null,
  weight: 0.3,
  timeoutSecs: 30,
  rerankTop: 10,
  dailyCallCap: 50,
  dailyTokenBudget: null,
};

describe("Settings: the LLM's daily limit", () => {
  it("shows today's use against the limit and saves a new limit and token budget", async () => {
    // The stored settings: what saving changes and the refetch after it reads.
    let stored: SettingsDto = { ...SETTINGS, llm: { ...LLM, dailyCallCap: 3 }, llmCallsToday: 3, llmTokensToday: 1200 };
    const calls = mock({
      get_settings: () => stored,
      save_settings: (a) => {
        stored = { ...(a.input as SettingsDto), llmCallsToday: 3, llmTokensToday: 1200 };
        return stored;
      },
    });
    renderWithQueries(<Settings route={route} />);
    expect(await screen.findByText(/Used today: 3 questions of 3, about 1,200 tokens/)).toBeInTheDocument();
    expect(screen.getByText(/The daily limit is reached: no more questions until tomorrow/)).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText("Most questions to the model per day"), { target: { value: "0" } });
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText(/llm.dailyCallCap: must be a whole number between 1 and 10000/)).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText("Most questions to the model per day"), { target: { value: "20" } });
    fireEvent.change(screen.getByLabelText("Most tokens per day (optional)"), { target: { value: "50000" } });
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("Settings saved.")).toBeInTheDocument();
    const [saved] = argsOf(calls, "save_settings").map((a) => a.input as SettingsDto);
    expect(saved.llm).toMatchObject({ dailyCallCap: 20, dailyTokenBudget: 50000 });
    expect(await screen.findByText(/Used today: 3 questions of 20, about 1,200 of 50,000 tokens/)).toBeInTheDocument();
  });
});

describe("Settings: the LLM API key", () => {
  it("stores the typed key in the keyring through save_llm_api_key and never keeps it in the form", async () => {
    const llm = { ...LLM };
    const calls = mockCommands({
      get_settings: () => ({ ...SETTINGS, llm }),
      list_sources: () => CATALOGUE,
      list_channels: () => [],
      list_rules: () => [],
      list_deployments: () => [],
      save_llm_api_key: (a) => a.apiKey !== null,
    });
    renderWithQueries(<Settings route={parseRoute("#/settings")} />);
    const input = await screen.findByLabelText("API key (stored in the OS keyring)");
    expect(input).toHaveAttribute("type", "password");
    await userEvent.type(input, "sk-test");
    await userEvent.click(screen.getByRole("button", { name: "Store key" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "save_llm_api_key")).toBe(true));
    expect(calls.find((c) => c.cmd === "save_llm_api_key")?.args).toMatchObject({ apiKey: "sk-test" });
    expect(await screen.findByText(/A key is stored in the OS keyring/)).toBeInTheDocument();
    expect(input).toHaveValue("");
    await userEvent.click(screen.getByRole("button", { name: "Remove key" }));
    expect(await screen.findByText("No key stored.")).toBeInTheDocument();
  });
});

describe("Settings: setup", () => {
  afterEach(() => {
    window.location.hash = "";
  });

  it("opens the setup again, no longer skipped", async () => {
    const calls = mock({ set_setup_dismissed: (a) => setupStatus({ dismissed: Boolean(a.dismissed) }) });
    renderWithQueries(<Settings route={route} />);
    await userEvent.click(screen.getByRole("button", { name: "Open the setup again" }));
    await waitFor(() => expect(window.location.hash).toBe("#/setup"));
    expect(argsOf(calls, "set_setup_dismissed")).toEqual([{ dismissed: false }]);
  });
});

describe("Settings: start at login", () => {
  it("shows the OS's state and switches it on and off", async () => {
    mock();
    autostart.on = true;
    renderWithQueries(<Settings route={route} />);
    const toggle = await screen.findByRole("switch", { name: "Start JobHunter when I log in" });
    await waitFor(() => expect(toggle).toBeChecked());
    expect(toggle).toHaveAccessibleDescription("It starts in the tray, without a window, and runs your hunts on schedule.");
    await userEvent.click(toggle);
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(autostart.on).toBe(false);
    await userEvent.click(toggle);
    await waitFor(() => expect(toggle).toBeChecked());
    expect(autostart.on).toBe(true);
  });

  it("says so when the OS refuses, and keeps showing its state", async () => {
    mock();
    autostart.fail = true;
    renderWithQueries(<Settings route={route} />);
    const toggle = await screen.findByRole("switch", { name: "Start JobHunter when I log in" });
    await waitFor(() => expect(toggle).toBeEnabled());
    await userEvent.click(toggle);
    expect(await screen.findByText(/the login item could not be written/)).toBeInTheDocument();
    expect(screen.getByText("Could not change whether JobHunter starts at login:")).toBeInTheDocument();
    await waitFor(() => expect(toggle).not.toBeChecked());
  });
});
