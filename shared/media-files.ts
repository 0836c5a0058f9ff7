/**
 * Which files a season import reads, by extension: the importer walks folders with these (and asks
 * ffprobe about files with other extensions), and the Import view uses them to tell a file from a
 * folder in a typed path. Lower case, with the dot.
 */
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set(['.mp4', '.m4v', '.mov', '.mkv', '.avi', '.webm', '.mpg', '.mpeg', '.ts', '.mts', '.m2ts', '.mxf', '.wmv', '.flv', '.ogv', '.3gp', '.m2v', '.vob', '.dv', '.f4v']);
export const ANNOTATION_EXTENSIONS: ReadonlySet<string> = new Set(['.csv', '.json', '.xml', '.txt']);
