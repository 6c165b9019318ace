// The answers Elasticsearch shippers probe for before they send (version, license, cluster
// health, templates). Pharos claims 8.11.0 with the default flavor: new enough for Filebeat,
// Logstash, Vector and Fluent Bit to use their 8.x request forms, and every one of them accepts
// it. None of these documents holds data: they are served without a credential.
import { VERSION } from '../../version.ts';

export const ES_VERSION = '8.11.0';
export const CLUSTER_NAME = 'pharos';
export const CLUSTER_UUID = 'cGhhcm9zLWNsdXN0ZXI';
const NODE_ID = 'cGhhcm9zLW5vZGUtMDE';
const BUILD_DATE = '2023-11-04T10:04:57.184859352Z';

export function versionDocument() {
  return {
    name: CLUSTER_NAME,
    cluster_name: CLUSTER_NAME,
    cluster_uuid: CLUSTER_UUID,
    version: {
      number: ES_VERSION,
      build_flavor: 'default',
      build_type: 'tar',
      build_hash: 'd9ec3fa628c7b0ba3d25692e277ba26814820b20',
      build_date: BUILD_DATE,
      build_snapshot: false,
      lucene_version: '9.8.0',
      minimum_wire_compatibility_version: '7.17.0',
      minimum_index_compatibility_version: '7.0.0',
    },
    tagline: 'You Know, for Search',
    pharos_version: VERSION,
  };
}

export function clusterHealth() {
  return {
    cluster_name: CLUSTER_NAME,
    status: 'green',
    timed_out: false,
    number_of_nodes: 1,
    number_of_data_nodes: 1,
    active_primary_shards: 0,
    active_shards: 0,
    relocating_shards: 0,
    initializing_shards: 0,
    unassigned_shards: 0,
    delayed_unassigned_shards: 0,
    number_of_pending_tasks: 0,
    number_of_in_flight_fetch: 0,
    task_max_waiting_in_queue_millis: 0,
    active_shards_percent_as_number: 100.0,
  };
}

export function clusterStateVersion() {
  return {
    cluster_name: CLUSTER_NAME,
    cluster_uuid: CLUSTER_UUID,
    version: 1,
    state_uuid: NODE_ID,
  };
}

const LICENSE = {
  status: 'active',
  uid: '7f5c4a1e-8c1d-4d0f-9b43-5a3c2e1d0f9a',
  type: 'basic',
  issue_date: '2023-11-04T00:00:00.000Z',
  issue_date_in_millis: 1699056000000,
  max_nodes: 1000,
  max_resource_units: null,
  issued_to: CLUSTER_NAME,
  issuer: 'elasticsearch',
  start_date_in_millis: -1,
};

export function licenseDocument() {
  return { license: LICENSE };
}

export function xpackDocument() {
  return {
    build: { hash: versionDocument().version.build_hash, date: BUILD_DATE },
    license: { uid: LICENSE.uid, type: 'basic', mode: 'basic', status: 'active' },
    features: {
      ilm: { available: true, enabled: true },
      security: { available: true, enabled: true },
    },
    tagline: 'You know, for X',
  };
}

export function nodesDocument(publishAddress: string) {
  return {
    _nodes: { total: 1, successful: 1, failed: 0 },
    cluster_name: CLUSTER_NAME,
    nodes: {
      [NODE_ID]: {
        name: CLUSTER_NAME,
        transport_address: publishAddress,
        host: publishAddress.split(':')[0],
        ip: publishAddress.split(':')[0],
        version: ES_VERSION,
        build_flavor: 'default',
        roles: ['data', 'ingest', 'master'],
        http: { publish_address: publishAddress, bound_address: [publishAddress] },
      },
    },
  };
}

/** `GET /_index_template/{name}`: the template exists, so shippers do not try to install it. */
export function indexTemplates(name: string) {
  return {
    index_templates: [
      {
        name,
        index_template: {
          index_patterns: [`${name}*`],
          composed_of: [],
          template: { settings: {}, mappings: {} },
          data_stream: {},
        },
      },
    ],
  };
}

/** `GET /_ilm/policy/{name}`: a policy that keeps everything (Pharos applies its own retention). */
export function ilmPolicy(name: string) {
  return {
    [name]: {
      version: 1,
      modified_date: '2023-11-04T00:00:00.000Z',
      policy: { phases: { hot: { min_age: '0ms', actions: {} } } },
    },
  };
}
