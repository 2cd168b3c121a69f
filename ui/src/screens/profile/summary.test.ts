import { describe, expect, it } from "vitest";
import { summarize } from "./summary";

const withLocation = (location: Record<string, string>) => ({ basics: { name: "Ann", location } });

describe("summarize: the profile's location", () => {
  it("names a city that is its own region once", () => {
    expect(summarize(withLocation({ city: "Berlin", region: "Berlin", countryCode: "DE" })).location).toBe("Berlin, DE");
    expect(summarize(withLocation({ city: "Hamburg ", region: "hamburg", countryCode: "DE" })).location).toBe(
      "Hamburg, DE",
    );
  });

  it("keeps a region that differs from the city", () => {
    expect(summarize(withLocation({ city: "Munich", region: "Bavaria", countryCode: "DE" })).location).toBe(
      "Munich, Bavaria, DE",
    );
  });

  it("is empty without any part", () => {
    expect(summarize(withLocation({})).location).toBeNull();
  });
});
