import { userInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { osUserName, passwdUserName } from "./runtime.ts";

describe("passwdUserName", () => {
  const passwd = ["# local accounts", "+::0:0:::", "root:x:0:0:root:/root:/bin/bash", "broken:x::1::", "deploy:x:1001:1001:Deploy,,,:/home/deploy:/bin/sh", ""].join("\n");

  it("finds the name of a uid, as getpwuid does", () => {
    expect(passwdUserName(passwd, 1001)).toBe("deploy");
    expect(passwdUserName(passwd, 0)).toBe("root");
  });

  it("takes neither comments, NIS markers nor an empty uid field for an account", () => {
    expect(passwdUserName("+::0:0:::\nbroken:x::1::", 0)).toBeUndefined();
    expect(passwdUserName(passwd, 4242)).toBeUndefined();
  });
});

describe("osUserName", () => {
  it("is the name of the user this process runs as, whatever $USER says", () => {
    const user = process.env.USER;
    process.env.USER = "someone-else";
    try {
      expect(osUserName()).toBe(userInfo().username);
    } finally {
      if (user === undefined) delete process.env.USER;
      else process.env.USER = user;
    }
  });
});
