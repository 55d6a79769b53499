import { EmptyState, Table, TableColumn } from '@backstage/core-components';
import ButtonBase from '@material-ui/core/ButtonBase';
import { makeStyles } from '@material-ui/core/styles';
import MovieIcon from '@material-ui/icons/Movie';
import { Video, VideoSummary } from '@videogen/plugin-videogen-common';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { MediaAccess } from '../../api';
import { useNow } from '../../hooks/useNow';
import { formatAge, formatDuration, shortId } from '../shared/format';
import { StatusCard } from '../shared/StatusCard';
import { jobStateKind, StatusLabel } from '../shared/StatusLabel';

export type VideosCardProps = {
  videos?: Video[];
  /** The environment's totals, from its status. */
  summary?: VideoSummary;
  updatedAt?: Date | string;
  loading?: boolean;
  error?: Error;
  denied?: string;
  /** Media URLs (set once the media cookie is); posters show when present. */
  media?: MediaAccess;
  onOpen: (video: Video) => void;
  pageSize?: number;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const useStyles = makeStyles(theme => ({
  thumb: {
    width: 96,
    height: 54,
    borderRadius: 4,
    overflow: 'hidden',
    background: theme.palette.action.hover,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    '&:focus-visible': {
      outline: `3px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  img: { width: '100%', height: '100%', objectFit: 'cover' },
}));

const Poster = (props: {
  video: Video;
  media?: MediaAccess;
  onOpen: (video: Video) => void;
}) => {
  const classes = useStyles();
  const { video, media, onOpen } = props;
  const [broken, setBroken] = useState(false);
  const showImage = media && video.state === 'SUCCEEDED' && !broken;
  return (
    <ButtonBase
      className={classes.thumb}
      focusRipple
      aria-label={`Open video ${shortId(video.id)}`}
      onClick={event => {
        // The row is clickable too: open once.
        event.stopPropagation();
        onOpen(video);
      }}
    >
      {showImage ? (
        <img
          className={classes.img}
          src={media.posterUrl(video.id)}
          alt=""
          loading="lazy"
          onError={() => setBroken(true)}
        />
      ) : (
        <MovieIcon color="disabled" />
      )}
    </ButtonBase>
  );
};

/** The environment's videos, newest first; a row opens the player. */
export const VideosCard = (props: VideosCardProps) => {
  const { videos, updatedAt, loading, error, denied, media, onOpen } = props;
  const now = useNow(5000);
  const columns: TableColumn<Video>[] = [
    {
      title: 'Poster',
      sorting: false,
      render: v => <Poster video={v} media={media} onOpen={onOpen} />,
    },
    {
      title: 'State',
      field: 'state',
      render: v => (
        <StatusLabel kind={jobStateKind(v.state)}>{v.state}</StatusLabel>
      ),
    },
    {
      title: 'Duration',
      field: 'durationSeconds',
      render: v => formatDuration(v.durationSeconds),
    },
    {
      title: 'Created',
      field: 'createdAt',
      render: v => (
        <span title={new Date(v.createdAt).toLocaleString()}>
          {formatAge(v.createdAt, now)}
        </span>
      ),
    },
    { title: 'Dedupe hits', field: 'dedupeHits', type: 'numeric' },
  ];
  const sorted = [...(videos ?? [])].sort((a, b) =>
    b.createdAt.localeCompare(a.createdAt),
  );
  return (
    <StatusCard
      title="Videos"
      updatedAt={updatedAt}
      loading={loading}
      error={error}
      denied={denied}
      hasData={!!videos}
    >
      {props.summary && props.summary.total > 0 && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {plural(props.summary.total, 'video')} ·{' '}
          {plural(props.summary.dedupeHits, 'dedupe hit')} ·{' '}
          {formatDuration(props.summary.totalDurationSeconds)} of video in total
        </Typography>
      )}
      {sorted.length === 0 ? (
        <EmptyState
          missing="data"
          title="No videos yet"
          description="Upload a photo and a script to generate the first one."
        />
      ) : (
        <Table<Video>
          options={{
            draggable: false,
            paging: sorted.length > (props.pageSize ?? 5),
            pageSize: props.pageSize ?? 5,
            pageSizeOptions: [5, 10, 25],
            search: false,
            padding: 'dense',
            toolbar: false,
          }}
          columns={columns}
          data={sorted}
          onRowClick={(_event, video) => video && onOpen(video)}
        />
      )}
    </StatusCard>
  );
};
