// Prints the configuration directive table as markdown (for the docs):
//   node dist/scripts/list-directives.js [--not-acted]
import { listDirectives, notActedDirectives, type DirectiveInfo } from '../src/server/config';

function cell(text: string): string {
  return text === '' ? '""' : '`' + text.replace(/\|/g, '\\|') + '`';
}

function row(info: DirectiveInfo): string {
  const name = info.alias === null ? cell(info.name) : `${cell(info.name)} (alias ${cell(info.alias)})`;
  const defaultValue = info.defaultDependsOnMachine ? info.defaultValue : cell(info.defaultValue);
  return `| ${name} | ${defaultValue} | ${info.acted ? 'yes' : 'no'} |`;
}

const directives = process.argv.includes('--not-acted') ? notActedDirectives() : listDirectives();
console.log('| Directive | Default | Acted on by Kunyu |');
console.log('| --- | --- | --- |');
for (const info of directives) console.log(row(info));
