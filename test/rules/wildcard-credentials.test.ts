import { ruleSuite } from '../helpers/fixtures';

ruleSuite('wildcard-credentials');
