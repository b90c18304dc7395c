// The report room: turns a Report into what maintainers read. Nothing here decides anything.
export { renderText, terminalSafe, type TextOptions } from './text.js';
export { renderMarkdown, escapeCell, type MarkdownOptions } from './markdown.js';
export { renderJson } from './json.js';
export { renderSarif, toSarif, SARIF_MAX_RESULTS } from './sarif.js';
export { toCheckAnnotations, workflowCommand, escapeData, escapeProperty, type CheckAnnotation } from './annotations.js';
export { CheckRunPublisher, MAX_ANNOTATIONS, type CheckRunTarget, type Logger, type PublisherOptions, type PublishMode } from './github.js';
export { CHECK_OUTPUT_MAX, STEP_SUMMARY_MAX } from './limits.js';
export { RULES, RULE_IDS, type RuleInfo } from '../rules/catalogue.js';
