//! What the lowering knows of the Go grammar: its field names and ids, the kind name of a
//! node by its id, and which kinds are types and statements.

use tree_sitter::Node;

/// The field names lowering asks for, and their ids in the Go grammar: asking by id skips
/// the grammar's search of its field names (a `strncmp` each) on every call, which was a
/// tenth of a full run's time.
const FIELD_NAMES: &[&str] = &[
    "arguments",
    "body",
    "call",
    "channel",
    "condition",
    "element",
    "else",
    "field",
    "function",
    "high",
    "index",
    "init_statement",
    "key",
    "left",
    "low",
    "max",
    "name",
    "operand",
    "operator",
    "parameters",
    "path",
    "post_statement",
    "receiver",
    "result",
    "right",
    "type",
    "value",
];

static FIELD_IDS: std::sync::LazyLock<Vec<u16>> = std::sync::LazyLock::new(|| {
    let language: tree_sitter::Language = tree_sitter_golang::LANGUAGE.into();
    FIELD_NAMES.iter().map(|n| language.field_id_for_name(n).map_or(0, u16::from)).collect()
});

/// `node.child_by_field_name(name)`, by the field's id when it is one of [`FIELD_NAMES`].
pub(super) fn by_field<'t>(node: Node<'t>, name: &str) -> Option<Node<'t>> {
    match field_id(name) {
        Some(id) => node.child_by_field_id(id.get()),
        None => node.child_by_field_name(name),
    }
}

/// The grammar's id for a field of [`FIELD_NAMES`].
pub(super) fn field_id(name: &str) -> Option<std::num::NonZeroU16> {
    field_index(name).and_then(|i| std::num::NonZeroU16::new(FIELD_IDS[i]))
}

/// The position of `name` in [`FIELD_NAMES`]. A `match` compiles to a switch on the length
/// and one comparison, not a scan of the list.
pub(super) fn field_index(name: &str) -> Option<usize> {
    Some(match name {
        "arguments" => 0,
        "body" => 1,
        "call" => 2,
        "channel" => 3,
        "condition" => 4,
        "element" => 5,
        "else" => 6,
        "field" => 7,
        "function" => 8,
        "high" => 9,
        "index" => 10,
        "init_statement" => 11,
        "key" => 12,
        "left" => 13,
        "low" => 14,
        "max" => 15,
        "name" => 16,
        "operand" => 17,
        "operator" => 18,
        "parameters" => 19,
        "path" => 20,
        "post_statement" => 21,
        "receiver" => 22,
        "result" => 23,
        "right" => 24,
        "type" => 25,
        "value" => 26,
        _ => return None,
    })
}

/// The node's kind name, from a table indexed by kind id. `Node::kind` measures the
/// grammar's C string and checks it is UTF-8 on every call, and lowering asks for kinds
/// several times per node.
pub(super) fn kind_of(node: Node) -> &'static str {
    KIND_NAMES.get(usize::from(node.kind_id())).copied().unwrap_or_else(|| node.kind())
}

pub(super) static KIND_NAMES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let language: tree_sitter::Language = tree_sitter_golang::LANGUAGE.into();
    (0..language.node_kind_count()).map(|id| language.node_kind_for_id(id as u16).unwrap_or("")).collect()
});

pub(super) fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| kind_of(*c) != "comment").collect()
}

/// Whether one of `node`'s children is the token `token` (`:=` in an assignment).
pub(super) fn has_token(node: Node, token: &str) -> bool {
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).any(|c| kind_of(c) == token);
    found
}

pub(super) fn field_children<'t>(node: Node<'t>, field: &str) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    match field_id(field) {
        Some(id) => node.children_by_field_id(id, &mut cursor).filter(|c| c.is_named()).collect(),
        None => node.children_by_field_name(field, &mut cursor).filter(|c| c.is_named()).collect(),
    }
}

/// The kinds of type syntax. In expression position the grammar writes a type name as an
/// `identifier` and `*T` as a unary expression, as `go/ast` does; these are the kinds that
/// can only be types.
pub(super) fn is_type_kind(kind: &str) -> bool {
    matches!(
        kind,
        "array_type"
            | "slice_type"
            | "map_type"
            | "pointer_type"
            | "channel_type"
            | "struct_type"
            | "interface_type"
            | "function_type"
            | "qualified_identifier"
            | "generic_type"
            | "type_identifier"
            | "parenthesized_type"
            | "implicit_length_array_type"
    )
}

pub(super) fn is_statement_kind(kind: &str) -> bool {
    matches!(
        kind,
        "block"
            | "expression_statement"
            | "assignment"
            | "short_var_declaration"
            | "inc_dec_statement"
            | "send_statement"
            | "go_statement"
            | "defer_statement"
            | "return_statement"
            | "var_declaration"
            | "const_declaration"
            | "type_declaration"
            | "if_statement"
            | "for_statement"
            | "expression_switch_statement"
            | "type_switch_statement"
            | "select_statement"
            | "labeled_statement"
            | "break_statement"
            | "continue_statement"
            | "goto_statement"
            | "fallthrough_statement"
            | "empty_statement"
            | "receive_statement"
            | "function_declaration"
            | "method_declaration"
            | "import_declaration"
            | "package_clause"
            | "expression_case_clause"
            | "type_case_clause"
            | "communication_clause"
    )
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn field_index_agrees_with_the_field_list_and_the_grammar_has_every_field() {
        for (i, name) in FIELD_NAMES.iter().enumerate() {
            assert_eq!(field_index(name), Some(i), "{name}");
            assert_ne!(FIELD_IDS[i], 0, "the grammar has no field {name:?}");
        }
        assert_eq!(field_index("nonexistent"), None);
    }

    #[test]
    fn kind_of_agrees_with_tree_sitter_on_every_node() {
        let src = "package p\n\nimport \"C\"\n\nfunc f(a []int, ch chan int) (n int) {\n\tfor i := range a {\n\t\tgo func() { ch <- a[i] }()\n\t}\n\tx := struct{ v int }{v: 1}\n\treturn x.v + len(a) * -n\n}\n";
        let tree = parse(src).unwrap();
        let mut stack = vec![tree.root_node()];
        let mut seen = 0;
        while let Some(n) = stack.pop() {
            assert_eq!(kind_of(n), n.kind());
            seen += 1;
            let mut c = n.walk();
            stack.extend(n.children(&mut c));
        }
        assert!(seen > 100, "walked only {seen} nodes");
    }

    /// Every arm of the kind tables names a kind of the grammar: a misspelt or renamed kind
    /// would match nothing and silently change how its nodes are lowered.
    #[test]
    fn the_kind_tables_name_kinds_the_grammar_has() {
        let language: tree_sitter::Language = tree_sitter_golang::LANGUAGE.into();
        let named = |pred: fn(&str) -> bool| {
            let mut kinds: Vec<&str> = (0..language.node_kind_count() as u16)
                .filter(|id| language.node_kind_is_named(*id))
                .filter_map(|id| language.node_kind_for_id(id))
                .filter(|k| pred(k))
                .collect();
            kinds.sort_unstable();
            kinds.dedup();
            kinds.len()
        };
        assert_eq!(named(is_type_kind), 13);
        assert_eq!(named(is_statement_kind), 31);
    }
}
