// Rule help lives with the rule table in src/rules.ts; kept as the report room's name for it.
import { RULES, type RuleInfo } from '../rules/catalogue.js';

export type RuleHelp = RuleInfo;
export const RULE_HELP = RULES;
