import { PhotoType } from '../image/detect';
import { Tools } from '../media/tools';
import { ProgressEvent } from '../progress';
import { Limiter } from '../system/cpus';
import { Children } from './children';

/** What every render stage shares: where to work, how to run tools, whom to tell. */
export interface Job {
  env: NodeJS.ProcessEnv;
  tools: Tools;
  /** The work directory; child processes run in it, so files are named relative to it. */
  work: string;
  children: Children;
  limiter: Limiter;
  signal: AbortSignal;
  progress: (event: ProgressEvent) => void;
}

/** The checked inputs a render starts from. */
export interface RenderInputs {
  photo: Buffer;
  photoType: PhotoType;
  sentences: string[];
}

/** Absolute paths the render writes its results to, inside the work directory. */
export interface RenderOutputs {
  video: string;
  poster: string;
  result: string;
}
