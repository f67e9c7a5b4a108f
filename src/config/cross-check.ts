// Checks between cameras: unique names, distinct output folders that do not nest.
import path from 'node:path';
import type { ConfigIssue } from './issues.js';

interface CameraPlaces {
  name: string;
  output_dir: string; // absolute
}

export function checkCameras(cameras: readonly CameraPlaces[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  cameras.forEach((camera, i) => {
    const first = cameras.findIndex((c) => c.name === camera.name);
    if (first < i) issues.push({ path: ['cameras', i, 'name'], message: `"${camera.name}" is already the name of cameras[${first}]` });
    for (let j = 0; j < i; j++) {
      const relation = relate(camera.output_dir, cameras[j]!.output_dir);
      if (relation) issues.push({ path: ['cameras', i, 'output_dir'], message: `${relation} cameras[${j}].output_dir ("${cameras[j]!.output_dir}")` });
    }
  });
  return issues;
}

function relate(a: string, b: string): string | undefined {
  if (a === b) return 'is the same folder as';
  if (isInside(a, b)) return 'is inside';
  if (isInside(b, a)) return 'contains';
  return undefined;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
