/**
 * The rule-format reference's prose on value semantics, modifiers and correlation rules
 * (included in docs/rule-format.md by its generator), kept next to the code it describes.
 */
export const RULE_SEMANTICS_MD = `
## Case

As the Sigma specification defines: a plain value (equality, \`contains\`, \`startswith\`,
\`endswith\`, wildcards, keywords) matches **case-insensitively** unless the key says
\`|cased\`; a value without letters compares exactly. Regular expressions (\`re\`) are
case-sensitive unless \`|i\`. Base64-encoded values compare exactly (encoded text is
case-significant). Case-insensitive values get no line pre-filter, so mark values whose
case is fixed \`|cased\`: Kubernetes verbs, resources, stages, kinds and user names are
case-sensitive in the API, and the catalog rules say \`|cased\` for them.

## Encodings

- **JSON escapes**: fields are compared on their decoded values (\`"cr\\u0065ate"\` is
  \`create\`). The line pre-filter of a \`|cased\` value looks for the value as written,
  built only from characters no JSON encoder in use escapes (letters, digits,
  \` _.:@,=+#%-\`; not \`/\`, which some encoders write \`\\/\`). A line that spells such a
  character with a \`\\u\` escape fails that pre-filter in the matcher, LogQL and LogsQL
  alike, so the three always agree. Case-insensitive values have no pre-filter and match
  the decoded value.
- **List fields** (\`user.groups\`, \`sourceIPs\`) are matched on the array's JSON text as
  written: elements separated by commas with any JSON whitespace, each element's string as
  a compact encoder writes it.
- **Percent-encoding** (\`%2F\` or \`%2f\` in an exec request URI): a plain value matches
  either, since hex digits are letters and plain values are case-insensitive; a \`|cased\`
  value or a regex must spell both (\`(%2F|%2f)\`). Other percent-encoded characters are not
  decoded.
- **Raw-line tests** (\`_line\`, keywords) see the line as written.

## Modifiers

| Modifier | Meaning |
| --- | --- |
| \`contains\`, \`startswith\`, \`endswith\` | substring, prefix, suffix |
| \`all\` | all values of the list must match (default: any) |
| \`cased\` | compare case-sensitively |
| \`i\`, \`s\` | with \`re\`: case-insensitive, \`.\` matches newlines (leading flags only) |
| \`re\` | regular expression (the RE2 subset JavaScript reads identically) |
| \`windash\` | \`-\`, \`/\`, \`–\`, \`—\`, \`―\` are interchangeable in the value |
| \`base64\` | the value base64-encoded (exactly) |
| \`base64offset\` | with \`contains\`: the value at any of the three byte offsets inside base64 text |
| \`cidr\` | IPv4 (\`10.0.0.0/8\`) or IPv6 (\`2001:db8::/32\`) network; IPv6 in any text form but an embedded IPv4 tail or a zone |
| \`exists\` | \`true\`: the field has a non-empty value; \`false\`: it does not (LogQL reads a missing, null and empty field alike) |
| \`gt\`, \`gte\`, \`lt\`, \`lte\` | integer comparison on the value's decimal text (\`-?digits(.digits)?\`), anywhere in a condition; anything else never satisfies a comparison |
| \`neq\` | the field differs from every value |
| \`fieldref\` | the value names another field: both have a value and the two are exactly equal (with \`neq\`: they are not); LogQL marks such lines with a \`label_format\` template, LogsQL uses \`eq_field\` |
| \`expand\` | \`%parameter%\` placeholders |

Refused with the reason: \`utf16\`, \`utf16le\`, \`utf16be\`, \`wide\` (JSON and text logs
hold decoded Unicode text, never UTF-16 bytes), \`fieldref\` with \`contains\`,
\`startswith\` or \`endswith\` (VictoriaLogs compares fields only for equality), \`m\`, time
modifiers (\`minute\`…\`year\`), Sigma v1 aggregations and \`timeframe\`.

## Correlation

Embedded in a rule (\`rules:\` may name only the rule itself), or as a **correlation rule**
of its own: a document with \`correlation\` and no \`detection\`, whose \`correlation.rules\`
name other rules by \`id\` or \`name\`, in the same file (YAML documents separated by
\`---\`) or in the catalog. Its events are those any referenced rule matches (with their
exceptions); the referenced rules must read the same source and stream.

| Type | Supported |
| --- | --- |
| \`event_count\` | yes: events per \`group-by\` key in \`timespan\`, \`condition: {gte: N}\` or \`{gt: N}\` |
| \`value_count\` | yes: distinct values of \`condition.field\` per key |
| \`temporal\` | refused: one LogQL query cannot tell which referenced rule a line matched |
| \`temporal_ordered\` | refused: neither LogQL nor LogsQL can order events within a window |

A correlation of a correlation, \`aliases\`, and conditions other than \`gte\`/\`gt\` are
refused.
`;
