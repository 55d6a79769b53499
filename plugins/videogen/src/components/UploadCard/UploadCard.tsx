import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AddPhotoIcon from '@material-ui/icons/AddPhotoAlternate';
import Alert from '@material-ui/lab/Alert';
import { UploadLimits, Video } from '@videogen/plugin-videogen-common';
import {
  DragEvent,
  FormEvent,
  KeyboardEvent,
  useEffect,
  useRef,
  useState,
} from 'react';
import { UploadProgress } from '../../api';
import { formatBytes } from '../shared/format';
import { JobState } from './JobState';
import { ProgressLine } from './ProgressLine';
import {
  ACCEPT_ATTRIBUTE,
  ACCEPTED_PHOTO_NAMES,
  checkPhotoFile,
  checkPhotoPixels,
  inspectScript,
} from './validation';

/**
 * Where an upload stands, as the container reports it: the browser hashes
 * photo and script, then sends them (a known pair skips the sending).
 */
export type UploadStatus =
  | { phase: 'idle' }
  | { phase: 'hashing' | 'uploading'; progress?: UploadProgress }
  | { phase: 'failed'; message: string }
  | {
      phase: 'submitted';
      /** The job's video, refreshed while it runs. */
      video: Video;
      deduplicated: boolean;
      /** Following the job failed (the upload itself succeeded). */
      followError?: string;
    };

export type UploadCardProps = {
  environment: string;
  limits: UploadLimits;
  /** Whether the user may upload; undefined while the permission is checked. */
  allowed?: boolean;
  status: UploadStatus;
  onSubmit: (photo: File, script: string) => void;
  onOpenVideo: (video: Video) => void;
};

const useStyles = makeStyles(theme => ({
  dropZone: {
    border: `2px dashed ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(2),
    minHeight: 180,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    textAlign: 'center',
    cursor: 'pointer',
    outline: 'none',
    '&:focus-visible': {
      outline: `3px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  dragging: {
    borderColor: theme.palette.primary.main,
    background: theme.palette.action.hover,
  },
  invalid: { borderColor: theme.palette.error.main },
  preview: {
    maxWidth: '100%',
    maxHeight: 220,
    borderRadius: theme.shape.borderRadius,
    objectFit: 'contain',
  },
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    padding: 0,
    margin: -1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
}));

function usePreviewUrl(file?: File): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!file || typeof URL.createObjectURL !== 'function') {
      setUrl(undefined);
      return undefined;
    }
    let objectUrl: string;
    try {
      objectUrl = URL.createObjectURL(file);
    } catch {
      // No preview is no reason to refuse the photo.
      setUrl(undefined);
      return undefined;
    }
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file]);
  return url;
}

/**
 * The upload form: a photo (dropped or picked, previewed and checked in the
 * browser), a script with a live character count, Start, the upload's
 * progress, then the job's state as it moves through the queue.
 */
export const UploadCard = (props: UploadCardProps) => {
  const { environment, limits, allowed, status, onSubmit, onOpenVideo } = props;
  const classes = useStyles();
  const inputRef = useRef<HTMLInputElement>(null);
  const [photo, setPhoto] = useState<File>();
  const [photoProblem, setPhotoProblem] = useState<string>();
  const [script, setScript] = useState('');
  const [scriptTouched, setScriptTouched] = useState(false);
  const [dragging, setDragging] = useState(false);
  const previewUrl = usePreviewUrl(photoProblem ? undefined : photo);

  const scriptCheck = inspectScript(script, limits);
  const showScriptProblem =
    !!scriptCheck.problem && (scriptTouched || !scriptCheck.empty);
  const uploading = status.phase === 'hashing' || status.phase === 'uploading';
  const canStart =
    allowed === true &&
    !!photo &&
    !photoProblem &&
    !scriptCheck.problem &&
    !uploading;

  const choose = (file: File | undefined) => {
    if (!file) return;
    setPhoto(file);
    setPhotoProblem(checkPhotoFile(file, limits));
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (uploading || allowed === false) return;
    choose(event.dataTransfer.files?.[0]);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      inputRef.current?.click();
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setScriptTouched(true);
    if (canStart && photo) onSubmit(photo, script);
  };

  return (
    <InfoCard
      title="Generate a video"
      subheader={`Environment ${environment}`}
      variant="gridItem"
    >
      {allowed === false && (
        <Box mb={2}>
          <Alert severity="info" role="status">
            <strong>Permission required.</strong> Generating videos needs the
            creator role (permission videogen.video.create), which you do not
            have. Ask the platform team for access.
          </Alert>
        </Box>
      )}
      <form onSubmit={submit} aria-label="Generate a video" noValidate>
        <div
          role="button"
          tabIndex={allowed === false ? -1 : 0}
          aria-disabled={allowed === false || uploading}
          aria-label={
            photo
              ? `Photo ${photo.name} chosen. Press Enter to choose another, or drop one here.`
              : 'Choose a photo, or drop one here'
          }
          aria-describedby="videogen-photo-hint videogen-photo-problem"
          className={[
            classes.dropZone,
            dragging ? classes.dragging : '',
            photoProblem ? classes.invalid : '',
          ].join(' ')}
          onClick={() =>
            allowed !== false && !uploading && inputRef.current?.click()
          }
          onKeyDown={onKeyDown}
          onDragOver={event => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="videogen-drop-zone"
        >
          {previewUrl ? (
            <img
              className={classes.preview}
              src={previewUrl}
              alt={`Preview of ${photo?.name}`}
              onLoad={event => {
                const img = event.currentTarget;
                const problem = checkPhotoPixels(
                  img.naturalWidth,
                  img.naturalHeight,
                  limits,
                );
                if (problem) setPhotoProblem(problem);
              }}
            />
          ) : (
            <AddPhotoIcon fontSize="large" color="action" />
          )}
          <Typography variant="body2" id="videogen-photo-hint">
            {photo
              ? `${photo.name} · ${formatBytes(photo.size)}`
              : `Drop a photo of the character here, or press to choose one.`}{' '}
            {ACCEPTED_PHOTO_NAMES}, up to {formatBytes(limits.maxPhotoBytes)}.
          </Typography>
        </div>
        <input
          ref={inputRef}
          id="videogen-photo-input"
          type="file"
          accept={ACCEPT_ATTRIBUTE}
          aria-label="Photo file"
          tabIndex={-1}
          className={classes.visuallyHidden}
          disabled={allowed === false || uploading}
          onChange={event => {
            choose(event.target.files?.[0]);
            // Choosing the same file again must fire a change again.
            event.target.value = '';
          }}
        />
        <div id="videogen-photo-problem" aria-live="assertive">
          {photoProblem && (
            <Box mt={1}>
              <Alert severity="error">{photoProblem}</Alert>
            </Box>
          )}
        </div>
        <TextField
          id="videogen-script"
          label="Script"
          placeholder="What should the character say?"
          multiline
          minRows={5}
          maxRows={14}
          fullWidth
          variant="outlined"
          margin="normal"
          value={script}
          disabled={allowed === false || uploading}
          onChange={event => setScript(event.target.value)}
          onBlur={() => setScriptTouched(true)}
          error={showScriptProblem}
          helperText={
            <span aria-live="polite">
              {scriptCheck.length} / {limits.maxScriptCharacters} characters
              {showScriptProblem ? ` — ${scriptCheck.problem}` : ''}
            </span>
          }
        />
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={!canStart}
          >
            Start
          </Button>
        </Box>
        {uploading && <ProgressLine status={status} />}
      </form>
      {status.phase === 'failed' && (
        <Box mt={2}>
          <Alert severity="error" role="alert">
            <strong>Upload failed.</strong> {status.message}
          </Alert>
        </Box>
      )}
      {status.phase === 'submitted' && (
        <JobState status={status} onOpenVideo={onOpenVideo} />
      )}
    </InfoCard>
  );
};
