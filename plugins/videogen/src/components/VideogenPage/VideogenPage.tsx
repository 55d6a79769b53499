import { Content, Header, Page } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { BackendHealth } from '../BackendHealth';
import { EnvironmentsOverview } from '../EnvironmentsOverview';

/** The standalone `/videogen` page: every environment's health at a glance. */
export const VideogenPage = () => (
  <Page themeId="tool">
    <Header
      title="Video generator"
      subtitle="Upload a character photo and a script; get a narrated video back"
    />
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <EnvironmentsOverview />
        </Grid>
        <Grid item xs={12} md={6} lg={4}>
          <BackendHealth />
        </Grid>
      </Grid>
    </Content>
  </Page>
);
