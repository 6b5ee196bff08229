import { ruleSuite } from '../helpers/fixtures';

ruleSuite('missing-preflight');
