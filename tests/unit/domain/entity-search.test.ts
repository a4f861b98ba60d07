/**
 * What an officer types in the search by identifier (domain/entity-search.ts): read
 * with the pipeline's normaliser, in any form; never throws; a value read back is
 * read as itself.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENTITY_KINDS, extractEntities } from "../../../domain/entities";
import { readEntityQuery } from "../../../domain/entity-search";

describe("readEntityQuery", () => {
  it("reads the forms officers type", () => {
    expect(readEntityQuery("0123 456 789")).toEqual([{ kind: "account", value: "0123456789" }]);
    // Some banks use the phone number as the account: both are searched.
    expect(readEntityQuery("0905.123.456")).toEqual([{ kind: "phone", value: "0905123456" }, { kind: "account", value: "0905123456" }]);
    expect(readEntityQuery("+84 905 123 456")).toEqual([{ kind: "phone", value: "0905123456" }]);
    expect(readEntityQuery("43a-123.45")).toEqual([{ kind: "plate", value: "43A12345" }]);
    expect(readEntityQuery("stk 0071 0045 67891 vcb")).toEqual([{ kind: "account", value: "0071004567891" }]);
    expect(readEntityQuery("https://www.Shopee-Sale.xyz/khuyen-mai/")).toEqual([{ kind: "url", value: "shopee-sale.xyz/khuyen-mai" }]);
    expect(readEntityQuery("@lua.dao_99")).toEqual([{ kind: "handle", value: "@lua.dao_99" }]);
  });

  it("reads a chosen kind only as that kind", () => {
    expect(readEntityQuery("0905 123 456", "account")).toEqual([{ kind: "account", value: "0905123456" }]);
    expect(readEntityQuery("lua.dao_99", "handle")).toEqual([{ kind: "handle", value: "@lua.dao_99" }]);
    expect(readEntityQuery("0123 456 789", "phone")).toEqual([]);
    expect(readEntityQuery("abc", "plate")).toEqual([]);
  });

  it("finds nothing in words: a handle needs its @, a web address its dot", () => {
    for (const typed of ["", "   ", "xin chào", "lua_dao", "12", "ma tuy"]) expect(readEntityQuery(typed), typed).toEqual([]);
  });

  it("never throws, and finds every identifier the pipeline would store from the same text, as itself", () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), fc.option(fc.constantFrom(...ENTITY_KINDS), { nil: undefined }), (typed, kind) => {
      const read = readEntityQuery(typed, kind);
      for (const entity of read) expect(readEntityQuery(entity.value, entity.kind)).toEqual([entity]);
    }));
    for (const text of ["stk 0123 456 789 ACB", "xe 43A-123.45", "goi 0905 123 456", "vào trang lua-dao.com"]) {
      for (const entity of extractEntities(text)) expect(readEntityQuery(text)).toContainEqual(entity);
    }
  });
});
