import { describe, expect, it } from 'vitest';
import { parseFilePath } from '../../../src/web/file-path.js';

describe('/files/ paths', () => {
  it.each([
    ['/files/cam1/merged/20261130_1432.mp4', { camera: 'cam1', kind: 'merged', name: '20261130_1432.mp4' }],
    ['/files/cam1/merged/20261130_1432_1.mp4', { camera: 'cam1', kind: 'merged', name: '20261130_1432_1.mp4' }],
    ['/files/cam-2/segments/20261130_143202.mp4', { camera: 'cam-2', kind: 'segments', name: '20261130_143202.mp4' }],
    ['/files/cam1/recording/20261130_143202.mp4', { camera: 'cam1', kind: 'recording', name: '20261130_143202.mp4' }],
    ['/files/cam%31/merged/20261130_1432.mp4', { camera: 'cam1', kind: 'merged', name: '20261130_1432.mp4' }],
  ])('%s names a recording', (pathname, expected) => {
    expect(parseFilePath(pathname)).toEqual(expected);
  });

  it.each([
    '/files/cam1/merged/20261130_143202.mp4', // a segment's name in merged/
    '/files/cam1/segments/20261130_1432.mp4', // a minute's name in segments/
    '/files/cam1/merged/../../etc/passwd',
    '/files/cam1/merged/%2e%2e/20261130_1432.mp4',
    '/files/cam1/merged/..%2F..%2Fetc%2Fpasswd',
    '/files/cam1/merged/20261130_1432.mp4%2F..',
    '/files/cam1%2Fmerged/x/20261130_1432.mp4',
    '/files/../merged/20261130_1432.mp4',
    '/files/cam1/quarantine/20261130_143202.mp4',
    '/files/cam1/.staging/20261130_143202.mp4',
    '/files/cam1/merged/20261130_1432.mp4/',
    '/files/cam1/merged//20261130_1432.mp4',
    '/files//etc/passwd',
    '/files/cam1/merged/%E0%A4%A.mp4',
    '/files/cam1/merged/20261130_1432.mp4%00',
    '/files/cam1/merged/.20261130_1432.mp4',
    '/files/cam1/merged/20261130_1432.MP4',
    '/files/cam1/merged/20261399_1432.mp4',
    '/files/cam1/merged',
    '/files/%5C..%5C/merged/20261130_1432.mp4',
  ])('%s names nothing', (pathname) => {
    expect(parseFilePath(pathname)).toBeUndefined();
  });
});
