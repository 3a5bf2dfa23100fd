// The console's editor: Neo4j's Cypher support for CodeMirror 6 (@neo4j-cypher/codemirror),
// bundled as one script that sets window.CypherEditor; web/static/js/console.js uses it when present.
import { createCypherEditor } from "@neo4j-cypher/codemirror";
import { keymap } from "@codemirror/view";
import { Prec } from "@codemirror/state";
import "@neo4j-cypher/codemirror/css/cypher-codemirror.css";

window.CypherEditor = { create: createCypherEditor, keymap: keymap, Prec: Prec, version: __VERSION__ };
