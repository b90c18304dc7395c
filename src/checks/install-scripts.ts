import { draftFor, type Check } from './check.js';

export const installScripts: Check = {
  rule: 'install-scripts',
  run(item) {
    const d = item.dep;
    if (!d.hasInstallScript) return [];
    return [draftFor(item, 'install-scripts', `${d.name}@${d.version ?? '?'} runs install scripts when installed: code runs on every machine that runs npm install`)];
  },
};
