import { Content, Header, Page } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { BackendHealth } from '../BackendHealth';

/** The standalone `/videogen` page. */
export const VideogenPage = () => (
  <Page themeId="tool">
    <Header
      title="Video generator"
      subtitle="Upload a character photo and a script; get a narrated video back"
    />
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <BackendHealth />
        </Grid>
      </Grid>
    </Content>
  </Page>
);
