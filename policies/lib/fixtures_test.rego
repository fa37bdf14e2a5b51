# Generated from policies/lib/examples_inventory.yaml by tests/policies/test_sql_rules.py
# (run `pytest tests/policies --update-goldens` after editing the inventory).
package tutela.lib.fixtures_test

inventory := {
	"tables": {
		"dwh.crm.clientes": {
			"table": "dwh.crm.clientes",
			"key": "dwh.crm.clientes",
			"purposes": [
				"atencion",
				"mercadotecnia",
				"boletin",
				"analitica",
				"arco"
			],
			"consent_columns": {
				"mercadotecnia": "acepta_publicidad",
				"boletin": "acepta_boletin",
				"analitica": "acepta_analitica"
			},
			"blocked": false,
			"timestamp": "fecha_alta",
			"blocking": {
				"period": {
					"iso": "P10Y",
					"days": 3650,
					"months": 120
				},
				"legal_basis": "CCom art. 1047",
				"store": "dwh.archivo.bloqueados"
			},
			"retention": {
				"period": {
					"iso": "P5Y",
					"days": 1825,
					"months": 60
				}
			},
			"columns_by_name": {
				"id_cliente": {
					"name": "id_cliente",
					"category": "clave"
				},
				"nombre": {
					"name": "nombre",
					"category": "identificacion"
				},
				"telefono": {
					"name": "telefono",
					"category": "contacto",
					"contact_type": "phone",
					"usage": {
						"analitica": [
							"aggregated"
						]
					}
				},
				"correo": {
					"name": "correo",
					"category": "contacto",
					"contact_type": "email"
				},
				"segmento": {
					"name": "segmento",
					"category": "patrimonial",
					"purposes": [
						"mercadotecnia"
					]
				},
				"acepta_publicidad": {
					"name": "acepta_publicidad",
					"category": "ninguna"
				},
				"acepta_boletin": {
					"name": "acepta_boletin",
					"category": "ninguna"
				},
				"acepta_analitica": {
					"name": "acepta_analitica",
					"category": "ninguna"
				},
				"fecha_alta": {
					"name": "fecha_alta",
					"category": "ninguna"
				}
			}
		},
		"dwh.cobranza.cartera": {
			"table": "dwh.cobranza.cartera",
			"key": "dwh.cobranza.cartera",
			"purposes": [
				"cobranza"
			],
			"blocked": false,
			"timestamp": "fecha_incumplimiento",
			"blocking": {
				"period": {
					"iso": "P0D",
					"days": 0
				},
				"legal_basis": "LFPDPPP art. 10"
			},
			"legal_holds": [
				"art25_III"
			],
			"usage": {
				"analitica": [
					"aggregated",
					"pseudonymised"
				]
			},
			"retention": {
				"period": {
					"iso": "P72M",
					"days": 2160,
					"months": 72
				}
			},
			"columns_by_name": {
				"id_deudor": {
					"name": "id_deudor",
					"category": "clave"
				},
				"nombre": {
					"name": "nombre",
					"category": "identificacion"
				},
				"telefono": {
					"name": "telefono",
					"category": "contacto",
					"contact_type": "phone"
				},
				"saldo": {
					"name": "saldo",
					"category": "patrimonial"
				},
				"fecha_incumplimiento": {
					"name": "fecha_incumplimiento",
					"category": "patrimonial"
				}
			}
		},
		"dwh.mkt.exclusion": {
			"table": "dwh.mkt.exclusion",
			"key": "dwh.mkt.exclusion",
			"purposes": [
				"mercadotecnia",
				"boletin"
			],
			"exclusion_list": {
				"kind": "internal",
				"contact_columns": [
					"telefono",
					"correo"
				]
			},
			"exclusion_lists": [
				{
					"kind": "internal",
					"contact_columns": [
						"telefono",
						"correo"
					]
				}
			],
			"blocked": false,
			"blocking": {
				"period": {
					"iso": "P0D",
					"days": 0
				},
				"legal_basis": "Reglamento art. 110"
			},
			"retention": {
				"period": {
					"iso": "P10Y",
					"days": 3650,
					"months": 120
				}
			},
			"columns_by_name": {
				"telefono": {
					"name": "telefono",
					"category": "contacto",
					"contact_type": "phone"
				},
				"correo": {
					"name": "correo",
					"category": "contacto",
					"contact_type": "email"
				}
			}
		},
		"dwh.mkt.repep": {
			"table": "dwh.mkt.repep",
			"key": "dwh.mkt.repep",
			"purposes": [
				"mercadotecnia"
			],
			"exclusion_list": {
				"kind": "repep",
				"contact_columns": [
					"telefono"
				]
			},
			"exclusion_lists": [
				{
					"kind": "repep",
					"contact_columns": [
						"telefono"
					]
				}
			],
			"blocked": false,
			"blocking": {
				"period": {
					"iso": "P0D",
					"days": 0
				},
				"legal_basis": "LFPC art. 18"
			},
			"retention": {
				"period": {
					"iso": "P30D",
					"days": 30
				}
			},
			"columns_by_name": {
				"telefono": {
					"name": "telefono",
					"category": "contacto",
					"contact_type": "phone"
				}
			}
		},
		"dwh.mkt.no_contactar": {
			"table": "dwh.mkt.no_contactar",
			"key": "dwh.mkt.no_contactar",
			"purposes": [
				"mercadotecnia",
				"boletin"
			],
			"exclusion_list": {
				"kind": "repep",
				"contact_columns": [
					"telefono"
				]
			},
			"exclusion_lists": [
				{
					"kind": "repep",
					"contact_columns": [
						"telefono"
					]
				},
				{
					"kind": "internal",
					"contact_columns": [
						"telefono",
						"correo"
					]
				}
			],
			"blocked": false,
			"columns_by_name": {
				"telefono": {
					"name": "telefono",
					"category": "contacto",
					"contact_type": "phone"
				},
				"correo": {
					"name": "correo",
					"category": "contacto",
					"contact_type": "email"
				}
			}
		},
		"dwh.rh.incapacidades": {
			"table": "dwh.rh.incapacidades",
			"key": "dwh.rh.incapacidades",
			"purposes": [
				"rh_salud",
				"nomina"
			],
			"consent_columns": {
				"rh_salud": "firmado"
			},
			"blocked": false,
			"timestamp": "fecha_fin",
			"blocking": {
				"period": {
					"iso": "P1Y",
					"days": 365,
					"months": 12
				},
				"legal_basis": "LFT art. 516",
				"marker_column": "fecha_bloqueo"
			},
			"retention": {
				"period": {
					"iso": "P5Y",
					"days": 1825,
					"months": 60
				}
			},
			"columns_by_name": {
				"num_empleado": {
					"name": "num_empleado",
					"category": "clave"
				},
				"diagnostico": {
					"name": "diagnostico",
					"category": "sensible",
					"purposes": [
						"rh_salud"
					]
				},
				"cuota_sindical": {
					"name": "cuota_sindical",
					"category": "sensible",
					"purposes": [
						"nomina"
					]
				},
				"huella": {
					"name": "huella",
					"category": "biometrico"
				},
				"firmado": {
					"name": "firmado",
					"category": "ninguna"
				},
				"fecha_fin": {
					"name": "fecha_fin",
					"category": "laboral"
				},
				"fecha_bloqueo": {
					"name": "fecha_bloqueo",
					"category": "ninguna"
				}
			}
		},
		"dwh.pagos.legacy": {
			"table": "dwh.pagos.legacy",
			"key": "dwh.pagos.legacy",
			"purposes": [
				"atencion",
				"arco"
			],
			"blocked": false,
			"timestamp": "fecha_pago",
			"retention": {
				"period": {
					"iso": "P1Y",
					"days": 365,
					"months": 12
				}
			},
			"columns_by_name": {
				"id_cliente": {
					"name": "id_cliente",
					"category": "clave"
				},
				"numero_tarjeta": {
					"name": "numero_tarjeta",
					"category": "pci_pan"
				},
				"cvv": {
					"name": "cvv",
					"category": "pci_cvv"
				},
				"nip": {
					"name": "nip",
					"category": "pci_pin"
				},
				"banda": {
					"name": "banda",
					"category": "pci_track"
				},
				"fecha_pago": {
					"name": "fecha_pago",
					"category": "ninguna"
				}
			}
		},
		"dwh.archivo.bloqueados": {
			"table": "dwh.archivo.bloqueados",
			"key": "dwh.archivo.bloqueados",
			"purposes": [
				"defensa_legal",
				"arco"
			],
			"blocked": true,
			"retention": {
				"period": {
					"iso": "P0D",
					"days": 0
				}
			},
			"columns_by_name": {
				"id_cliente": {
					"name": "id_cliente",
					"category": "clave"
				},
				"nombre": {
					"name": "nombre",
					"category": "identificacion"
				}
			}
		},
		"dwh.crm.notas": {
			"table": "dwh.crm.notas",
			"key": "dwh.crm.notas",
			"purposes": [
				"atencion"
			],
			"blocked": false,
			"columns_by_name": {
				"id_cliente": {
					"name": "id_cliente",
					"category": "clave"
				},
				"nota": {
					"name": "nota",
					"category": "identificacion"
				}
			}
		},
		"dwh.ops.metricas": {
			"table": "dwh.ops.metricas",
			"key": "dwh.ops.metricas",
			"purposes": [
				"atencion",
				"analitica"
			],
			"blocked": false,
			"columns_by_name": {
				"cola": {
					"name": "cola",
					"category": "ninguna"
				},
				"llamadas": {
					"name": "llamadas",
					"category": "ninguna"
				}
			}
		}
	},
	"purposes_by_id": {
		"atencion": {
			"id": "atencion",
			"requires_consent": false,
			"exception": "art9_IV",
			"tags": [
				"service"
			]
		},
		"cobranza": {
			"id": "cobranza",
			"requires_consent": false,
			"exception": "art9_IV",
			"tags": [
				"collections"
			]
		},
		"nomina": {
			"id": "nomina",
			"requires_consent": false,
			"exception": "art9_IV",
			"tags": [
				"hr"
			]
		},
		"mercadotecnia": {
			"id": "mercadotecnia",
			"requires_consent": true,
			"consent": "express",
			"tags": [
				"marketing",
				"telemarketing"
			]
		},
		"boletin": {
			"id": "boletin",
			"requires_consent": true,
			"consent": "express",
			"tags": [
				"marketing"
			]
		},
		"analitica": {
			"id": "analitica",
			"requires_consent": true,
			"consent": "tacit",
			"tags": [
				"analytics"
			]
		},
		"rh_salud": {
			"id": "rh_salud",
			"requires_consent": true,
			"consent": "express_written",
			"tags": [
				"hr"
			]
		},
		"defensa_legal": {
			"id": "defensa_legal",
			"requires_consent": false,
			"exception": "art9_I",
			"tags": [
				"legal_defence"
			]
		},
		"arco": {
			"id": "arco",
			"requires_consent": false,
			"exception": "art9_I",
			"tags": [
				"arco",
				"deletion"
			]
		}
	},
	"recipients": [
		{
			"id": "bpo",
			"role": "encargado",
			"destinations": [
				"@dwh.cobranza.stage_bpo"
			],
			"purposes": [
				"cobranza"
			],
			"categories": [
				"identificacion",
				"contacto",
				"patrimonial",
				"clave"
			]
		},
		{
			"id": "socio",
			"role": "tercero",
			"consent": "express",
			"destinations": [
				"gs://socio-audiencias/"
			],
			"purposes": [
				"mercadotecnia"
			],
			"accounts": [
				"socio_org.mercadotecnia"
			]
		},
		{
			"id": "banco",
			"role": "tercero",
			"exception": "art36_IV",
			"destinations": [
				"s3://banco/resultados/"
			],
			"purposes": [
				"cobranza"
			]
		},
		{
			"id": "agencia",
			"role": "tercero",
			"destinations": [
				"s3://agencia-leads"
			],
			"purposes": [
				"mercadotecnia"
			]
		},
		{
			"id": "auditor",
			"role": "encargado",
			"destinations": [
				"s3://auditoria/"
			],
			"purposes": []
		}
	],
	"recipients_by_id": {
		"bpo": {
			"id": "bpo",
			"role": "encargado",
			"destinations": [
				"@dwh.cobranza.stage_bpo"
			],
			"purposes": [
				"cobranza"
			],
			"categories": [
				"identificacion",
				"contacto",
				"patrimonial",
				"clave"
			]
		},
		"socio": {
			"id": "socio",
			"role": "tercero",
			"consent": "express",
			"destinations": [
				"gs://socio-audiencias/"
			],
			"purposes": [
				"mercadotecnia"
			],
			"accounts": [
				"socio_org.mercadotecnia"
			]
		},
		"banco": {
			"id": "banco",
			"role": "tercero",
			"exception": "art36_IV",
			"destinations": [
				"s3://banco/resultados/"
			],
			"purposes": [
				"cobranza"
			]
		},
		"agencia": {
			"id": "agencia",
			"role": "tercero",
			"destinations": [
				"s3://agencia-leads"
			],
			"purposes": [
				"mercadotecnia"
			]
		},
		"auditor": {
			"id": "auditor",
			"role": "encargado",
			"destinations": [
				"s3://auditoria/"
			],
			"purposes": []
		}
	}
}
