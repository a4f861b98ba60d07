/**
 * PostgreSQL's text cannot hold U+0000: a parameter containing it fails the
 * whole statement ("invalid byte sequence for encoding UTF8: 0x00"), which
 * reached officers as a 500 on a crafted form. Public inputs are refused with a
 * clear error before they get here (isSafeText, the API's code checks); for
 * everything else the PostgreSQL connection removes NUL from string parameters,
 * so a stray one never costs a write. SQLite stores it as given, and nothing on
 * the SQLite hot path pays for this walk.
 */
import {
  OperationNodeTransformer, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs,
  type PrimitiveValueListNode, type QueryResult, type RootOperationNode, type UnknownRow, type ValueNode,
} from "kysely";

const withoutNul = (value: unknown) => (typeof value === "string" && value.includes("\0") ? value.replaceAll("\0", "") : value);

class NulStripper extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = withoutNul(node.value);
    return value === node.value ? super.transformValue(node) : { ...node, value };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return node.values.some((v) => typeof v === "string" && v.includes("\0")) ? { ...node, values: node.values.map(withoutNul) } : node;
  }
}

export class StripNulPlugin implements KyselyPlugin {
  readonly #stripper = new NulStripper();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#stripper.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
