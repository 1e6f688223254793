import { describe, expect, it } from "vitest";
import { autoRetryText, errorText } from "./error-messages.js";

describe("errorText", () => {
  it("shows Chinese text for the server's bilingual messages", () => {
    expect(
      errorText({
        code: "shutting_down",
        message: "服务器正在重启，请稍后再试。The server is shutting down; try again shortly.",
      }),
    ).toBe("服务器正在重启，请稍后重试。");
    expect(errorText({ code: "internal", message: "An internal error occurred" })).toBe("服务器出错了，请稍后重试。");
  });

  it("keeps the wait from a rate-limit message", () => {
    expect(
      errorText({
        code: "rate_limited",
        message: "提问过于频繁，请12秒后再试。Too many questions; try again in 12 s.",
      }),
    ).toBe("提问过于频繁，请 12 秒后再试。");
    expect(errorText({ code: "rate_limited", message: "slow down" })).toBe("提问过于频繁，请稍后再试。");
    // The structured wait wins over the message's words, rounded up to whole seconds.
    expect(errorText({ code: "rate_limited", message: "请12秒后再试", retryAfterMs: 4200 })).toBe(
      "提问过于频繁，请 5 秒后再试。",
    );
  });

  it("counts down an automatic resend by its reason", () => {
    expect(autoRetryText({ code: "busy" }, 3)).toBe("服务器繁忙，3 秒后自动重试。");
    expect(autoRetryText({ code: "rate_limited" }, 12)).toBe("提问过于频繁，12 秒后自动重试。");
    expect(autoRetryText({ code: "busy" }, 0)).toBe("服务器繁忙，正在自动重试…");
  });

  it("falls back to the generic message for an unknown code", () => {
    expect(errorText({ code: "teapot" as never, message: "?" })).toBe("服务器出错了，请稍后重试。");
    expect(errorText(undefined)).toBe("服务器出错了，请稍后重试。");
  });
});
