// Pure: a child's log line as `cams-manager run` prints it, with the camera it belongs to. The
// recorder's own lines name their camera already ("cam1: recording"); the rest (a config error
// from the check it runs first, a crash's stack) get the name after the time and level, or after
// journald's "<N>" priority, so every line says which camera it is about.
const HEADER = /^(<\d>|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (?:ERROR|WARN |INFO |DEBUG) )?/;

export function withCamera(camera: string, line: string): string {
  const header = HEADER.exec(line)![0];
  const rest = line.slice(header.length);
  return rest.startsWith(`${camera}: `) ? line : `${header}${camera}: ${rest}`;
}
