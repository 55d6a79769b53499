import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import type {} from '@backstage/theme';
import { JOB_STATES, JobState } from '@videogen/plugin-videogen-common';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns: '96px 1fr 40px',
    alignItems: 'center',
    gap: theme.spacing(1),
    margin: theme.spacing(0.25, 0),
  },
  track: {
    height: 12,
    background: theme.palette.action.hover,
    borderRadius: 2,
    overflow: 'hidden',
  },
  bar: { height: '100%', borderRadius: 2, minWidth: 0 },
}));

const FALLBACK_COLORS = {
  ok: '#1db954',
  error: '#e22134',
  running: '#2e77d0',
  pending: '#9e9e9e',
};

function barColor(
  state: JobState,
  palette: { ok: string; error: string; running: string; pending: string },
): string {
  switch (state) {
    case 'SUCCEEDED':
      return palette.ok;
    case 'FAILED':
      return palette.error;
    case 'RUNNING':
    case 'STARTING':
      return palette.running;
    default:
      return palette.pending;
  }
}

/**
 * Job counts per state as a small horizontal bar chart, in plain divs. The
 * numbers are text, so screen readers read the counts as a list.
 */
export const JobStateBars = (props: {
  counts: Partial<Record<JobState, number>>;
}) => {
  const classes = useStyles();
  const max = Math.max(1, ...JOB_STATES.map(s => props.counts[s] ?? 0));
  // Outside a Backstage theme (plain MUI), fall back to neutral colours.
  const palette = useTheme().palette.status ?? FALLBACK_COLORS;
  return (
    <Box
      component="ul"
      aria-label="Jobs per state"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
    >
      {JOB_STATES.map(state => {
        const count = props.counts[state] ?? 0;
        return (
          <li key={state} className={classes.row}>
            <Typography variant="caption" component="span">
              {state}
            </Typography>
            <div className={classes.track} aria-hidden="true">
              <div
                className={classes.bar}
                data-testid={`bar-${state}`}
                style={{
                  width: `${(count / max) * 100}%`,
                  background: barColor(state, palette),
                }}
              />
            </div>
            <Typography variant="caption" component="span" align="right">
              {count}
            </Typography>
          </li>
        );
      })}
    </Box>
  );
};
